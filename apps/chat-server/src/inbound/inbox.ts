import { randomUUID } from 'node:crypto';
import type { EventStore, RecordedEvent } from '@pagedesk/event-store';
import { parseWebhookDelivery } from '@pagedesk/messenger';
import { inboundLane } from './inbound-lane';

export const INBOX_STREAM = 'inbox-messenger';
/** The reactor that applies deliveries; its checkpoint says which deliveries are fully applied. */
export const INBOUND_REACTOR = 'inbound-messenger';
export const DELIVERY_RECEIVED = 'MessengerDeliveryReceived';

export interface DeliveryReceived {
  /** The body exactly as Facebook sent it (UTF-8), so an auditor can re-check its signature. */
  readonly body: string;
  readonly signature: string;
  /** The first customer it concerns: deliveries for one customer are processed in arrival order. */
  readonly lane: string;
}

/**
 * Facebook offers no way to fetch missed events, so a delivery is acknowledged
 * only once its raw bytes are in the event store; turning it into
 * conversation events happens after, from the log, and resumes after a crash.
 */
export async function appendToInbox(
  store: EventStore,
  raw: Buffer,
  delivery: Omit<DeliveryReceived, 'body'>,
  requestId: string,
): Promise<RecordedEvent['globalPosition']> {
  const id = randomUUID();
  const data: DeliveryReceived = { body: raw.toString('utf8'), ...delivery };
  const result = await store.appendToStream(
    INBOX_STREAM,
    [
      {
        id,
        type: DELIVERY_RECEIVED,
        data: { ...data },
        metadata: {
          correlationId: requestId || id,
          causationId: requestId || id,
          actor: 'facebook',
          recordedAt: new Date().toISOString(),
        },
      },
    ],
    { expectedRevision: 'any' },
  );
  return result.globalPosition;
}

export const isDelivery = (event: RecordedEvent) =>
  event.type === DELIVERY_RECEIVED && event.streamName === INBOX_STREAM;

/**
 * Derived again from the body with today's rule (inboundLane), not read from
 * the stored `lane`: deliveries stored by an older version are laned the way
 * this version needs them.
 */
export function laneOfDelivery(event: RecordedEvent): string {
  try {
    return inboundLane(parseWebhookDelivery(JSON.parse((event.data as { body: string }).body)));
  } catch {
    return String((event.data as { lane?: unknown }).lane ?? '');
  }
}
