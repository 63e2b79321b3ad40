import type { EventFilter, EventStore } from '@pagedesk/event-store';

export interface ProjectionLag {
  /** Counted up to LAG_COUNT_LIMIT; `atLeast` says the true figure may be higher. */
  readonly eventsBehind: number;
  readonly atLeast: boolean;
  /** Since the oldest event not yet applied was recorded; 0 when caught up. */
  readonly msBehind: number;
}

/** Global positions are not dense on EventStoreDB, so lag is counted by reading, and the count is capped. */
export const LAG_COUNT_LIMIT = 10_000;

/** How far behind the head of the log a follower (projection or reactor) at `after` is; with a filter, in the events it reads. */
export async function lagAfter(
  store: EventStore,
  after: number | undefined,
  now: number,
  limit: number = LAG_COUNT_LIMIT,
  filter?: EventFilter,
): Promise<ProjectionLag> {
  const head = await store.headPosition();
  if (head === undefined || (after ?? 0) >= head)
    return { eventsBehind: 0, atLeast: false, msBehind: 0 };
  const pending = await store.readAll({ after, maxCount: limit, filter });
  const oldest = Date.parse(pending[0]?.metadata.recordedAt ?? '');
  return {
    eventsBehind: pending.length,
    atLeast: pending.length === limit,
    msBehind: Number.isNaN(oldest) ? 0 : Math.max(0, now - oldest),
  };
}
