import { ConversationError } from './errors';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Requires an explicit offset: a zone-less time would be read in the server's zone. */
export function parseNow(now: string): number {
  const ms = ISO_8601.test(now) ? Date.parse(now) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new ConversationError(
      'invalid_time',
      'metadata.now must be an ISO-8601 time with offset',
      {
        now,
      },
    );
  }
  return ms;
}
