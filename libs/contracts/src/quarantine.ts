import { Type } from '@sinclair/typebox';
import { Closed, Nullable, type Wire } from './schema';

/** The quarantine's REST bodies (docs/processing.md, "Quarantine"). */
export const QUARANTINE_STATUSES = ['quarantined', 'released'] as const;
export const QuarantineStatus = Type.Union(QUARANTINE_STATUSES.map((s) => Type.Literal(s)));

/** One item a reactor could not apply, as an admin sees it. */
export const QuarantinedItemView = Closed({
  quarantineId: Type.String({ description: 'stable: the same item always has the same id' }),
  reactor: Type.String({ description: 'the reactor that set it aside' }),
  status: QuarantineStatus,
  reason: Type.String({ description: 'domain reason or error code' }),
  error: Type.String({ description: 'what went wrong, at most 1,000 characters' }),
  eventId: Type.String({ description: 'the log event (e.g. the webhook delivery)' }),
  position: Type.Number({ description: "the event's global position in the log" }),
  item: Nullable(Type.Number({ description: 'index of the update in the delivery' })),
  pageId: Nullable(Type.String()),
  quarantinedAt: Type.String({ description: 'ISO 8601 time' }),
  retries: Type.Number({ description: 'retries asked for so far' }),
  lastRetryError: Nullable(Type.String()),
  releasedAt: Nullable(Type.String({ description: 'ISO 8601 time' })),
});
export type QuarantinedItemView = Wire<typeof QuarantinedItemView>;

export const QuarantineSummary = Closed(
  { quarantined: Type.Number() },
  { description: 'items of the tenant waiting for a retry' },
);
export type QuarantineSummary = Wire<typeof QuarantineSummary>;
