import { randomUUID } from 'node:crypto';
import type { EventStore, RecordedEvent } from '@pagedesk/event-store';
import type { IdentityEvent } from '@pagedesk/identity';
import { parseWebhookDelivery, type ParsedDelivery } from '@pagedesk/messenger';
import { InboundLanes, inboundLane } from './inbound-lane';

export const INBOX_STREAM = 'inbox-messenger';
/** The reactor that applies deliveries; its checkpoint says which deliveries are fully applied. */
export const INBOUND_REACTOR = 'inbound-messenger';
export const DELIVERY_RECEIVED = 'MessengerDeliveryReceived';
const GUEST_UPGRADE_LINKED: GuestUpgradeLinked['type'] = 'GuestUpgradeLinked';
type GuestUpgradeLinked = Extract<IdentityEvent, { type: 'GuestUpgradeLinked' }>;

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
 * Each delivery's parsed body, kept while the reactor holds the event: it
 * lanes the event and then applies that same object, so the body (the
 * largest part of the worker's parsing) is parsed once, not twice.
 */
const parsedDeliveries = new WeakMap<RecordedEvent, ParsedDelivery>();

/** The delivery's body, parsed with today's rules; throws if it no longer parses (stored by an older version). */
export function parsedDelivery(event: RecordedEvent): ParsedDelivery {
  let parsed = parsedDeliveries.get(event);
  if (!parsed) {
    parsed = parseWebhookDelivery(JSON.parse((event.data as { body: string }).body));
    parsedDeliveries.set(event, parsed);
  }
  return parsed;
}

function parsedBodyOf(event: RecordedEvent): ParsedDelivery | undefined {
  try {
    return parsedDelivery(event);
  } catch {
    return undefined;
  }
}

/**
 * The lanes the inbound reactor runs a delivery in. Derived again from the body
 * with today's rule (InboundLanes), not read from the stored `lane`: deliveries
 * stored by an older version are laned the way this version needs them. One
 * instance per reactor, asked in log order: it remembers upgrades it laned.
 */
export function deliveryLanes(lanes: InboundLanes): (event: RecordedEvent) => string[] {
  return (event) => {
    const parsed = parsedBodyOf(event);
    return parsed ? lanes.lanesOf(parsed) : [String((event.data as { lane?: unknown }).lane ?? '')];
  };
}

/** Every guest upgrade whose link is stored, for the lanes to remember across a restart (oldest first, as they were made). */
export async function learnStoredUpgrades(store: EventStore, lanes: InboundLanes): Promise<void> {
  const links = await store.readAll({ filter: { types: [GUEST_UPGRADE_LINKED] } });
  for (const { data } of links) {
    const { pageId, guestId, customer } = data as unknown as GuestUpgradeLinked['data'];
    lanes.learnUpgrade(pageId, guestId, customer.id);
  }
}

/** The lane a quarantined update of this delivery is retried in: its first identity's. */
export function laneOfDelivery(event: RecordedEvent): string {
  const parsed = parsedBodyOf(event);
  return parsed ? inboundLane(parsed) : String((event.data as { lane?: unknown }).lane ?? '');
}
