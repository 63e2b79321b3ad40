import { InvalidWebhookDeliveryError } from './errors';
import type { MessengerEvent, ParsedDelivery } from './events';
import { asId, asObject } from './json-access';
import { parseMessagingEvent } from './parse-event';
import { toEpochMs } from './timestamp';

/**
 * Validates the envelope strictly (a bad one is answered 400, and Facebook
 * will not resend it as anything better) and the updates leniently (a bad one
 * becomes `unknown`, so the rest of the batch is kept).
 */
export function parseWebhookDelivery(json: unknown): ParsedDelivery {
  const body = asObject(json);
  if (body === undefined)
    throw new InvalidWebhookDeliveryError('webhook body is not a JSON object');
  if (body.object !== 'page') {
    throw new InvalidWebhookDeliveryError('webhook object is not "page"', {
      object: typeof body.object === 'string' ? body.object : null,
    });
  }
  if (!Array.isArray(body.entry)) throw new InvalidWebhookDeliveryError('webhook has no entry[]');

  const entries: { pageId: string; time: number | null }[] = [];
  const events: MessengerEvent[] = [];
  body.entry.forEach((value, index) => {
    const entry = asObject(value);
    const pageId = asId(entry?.id);
    if (entry === undefined || pageId === undefined) {
      throw new InvalidWebhookDeliveryError(`entry[${index}] has no page id`);
    }
    const time = toEpochMs(entry.time);
    entries.push({ pageId, time: time ?? null });
    for (const standby of [false, true]) {
      const list = standby ? entry.standby : entry.messaging;
      if (list === undefined) continue;
      if (!Array.isArray(list)) {
        throw new InvalidWebhookDeliveryError(
          `entry[${index}].${standby ? 'standby' : 'messaging'} is not an array`,
        );
      }
      for (const item of list) events.push(parseMessagingEvent(item, { pageId, time, standby }));
    }
  });
  return { entries, events: sortByTimestamp(events) };
}

/** Array sort is stable, so same-millisecond updates keep Facebook's order; undated unknowns go last. */
const sortByTimestamp = (events: MessengerEvent[]): MessengerEvent[] =>
  events.sort(
    (a, b) => (a.timestamp ?? Number.MAX_SAFE_INTEGER) - (b.timestamp ?? Number.MAX_SAFE_INTEGER),
  );
