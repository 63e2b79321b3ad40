import type { EventStore } from '@pagedesk/event-store';
import type { MessengerApp, PageDirectory } from '@pagedesk/integrations';
import { parseWebhookDelivery, signingSecret } from '@pagedesk/messenger';
import { AppError } from '@pagedesk/shared';
import { deliveryOrigin, namedPages } from './delivery-origin';
import { appendToInbox } from './inbox';
import { inboundLane } from './inbound-lane';

export const WEBHOOK_ACKNOWLEDGEMENT = 'EVENT_RECEIVED';

/** One POST as the acknowledgement needs it: the exact bytes, the signature header, the path's app. */
export interface WebhookDelivery {
  readonly raw: Buffer | undefined;
  readonly signature: string | undefined;
  /** `/webhooks/messenger/<appId>`: only that app's secret and pages count (docs/tenants.md). */
  readonly pathAppId?: string;
  readonly requestId: string;
}

/** The apps a path serves: every app on the shared path, one app on its own. */
export function appsOnPath(directory: PageDirectory, pathAppId?: string): readonly MessengerApp[] {
  const apps = directory.apps();
  return pathAppId === undefined ? apps : apps.filter((app) => app.id === pathAppId);
}

/**
 * Every rule a delivery must pass before it is acknowledged, in one place:
 * a body, a signature by one of the path's apps (checked before parsing, so
 * unsigned bytes are never read), a Messenger envelope, pages owned by the
 * signing app. Resolves once the delivery is durably in the inbox (or
 * deliberately ignored): Facebook does not redeliver what we acknowledged.
 */
export async function acknowledgeDelivery(
  store: EventStore,
  directory: PageDirectory,
  delivery: WebhookDelivery,
): Promise<typeof WEBHOOK_ACKNOWLEDGEMENT> {
  const { raw, signature, pathAppId } = delivery;
  if (raw === undefined || raw.length === 0) throw new AppError('invalid', 'empty request body');
  if (!signature) throw new AppError('unauthorized', 'missing X-Hub-Signature-256');
  const apps = appsOnPath(directory, pathAppId);
  const secret = signingSecret(
    raw,
    signature,
    apps.map((a) => a.secret),
  );
  if (secret === undefined)
    throw new AppError('forbidden', 'signature does not match the request body');
  const parsed = parseWebhookDelivery(parseJson(raw));
  const origin = deliveryOrigin(secret, namedPages(parsed), directory, pathAppId);
  if (origin.verdict === 'refuse')
    throw new AppError(
      'forbidden',
      `signature does not match: the delivery names ${origin.reason}`,
    );
  if (origin.verdict === 'store')
    await appendToInbox(store, raw, { signature, lane: inboundLane(parsed) }, delivery.requestId);
  return WEBHOOK_ACKNOWLEDGEMENT;
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new AppError('invalid', 'request body is not valid JSON');
  }
}
