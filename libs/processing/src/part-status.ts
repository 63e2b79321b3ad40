import type { EventStore } from '@pagedesk/event-store';
import type { PartError, PartState } from './reactor';

/** The kinds of background part /ready lists (docs/processing.md, "Readiness"). */
export type PartKind =
  'reactor' | 'projection' | 'follower' | 'routing-feed' | 'outbox' | 'scheduler' | 'worker';

export interface PartLag {
  /** Counted up to a limit; `atLeast` says the true figure may be higher. */
  readonly events: number;
  readonly atLeast: boolean;
  /** Since the oldest event not yet handled was recorded; 0 when caught up. */
  readonly ms: number;
}

/** One line of /ready: what a part is doing, how far behind it is, and what last went wrong (no secrets: messages only). */
export interface PartStatus {
  readonly name: string;
  readonly kind: PartKind;
  readonly state: PartState;
  readonly position: number | null;
  readonly lag: PartLag | null;
  readonly lastError: PartError | null;
}

/** How far the log runs ahead of `position` (exclusive), read from the store. */
export async function lagAfter(
  store: EventStore,
  position: number | undefined,
  limit: number,
  now: number = Date.now(),
): Promise<PartLag> {
  const head = await store.headPosition();
  if (head === undefined || (position ?? 0) >= head) return { events: 0, atLeast: false, ms: 0 };
  const pending = await store.readAll({ after: position, maxCount: limit });
  const oldest = Date.parse(pending[0]?.metadata.recordedAt ?? '');
  return {
    events: pending.length,
    atLeast: pending.length === limit,
    ms: Number.isNaN(oldest) ? 0 : Math.max(0, now - oldest),
  };
}
