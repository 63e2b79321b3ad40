import type { EventStore } from '@pagedesk/event-store';
import { lagAfter } from './log-lag';
import type { PartError, PartState } from './reactor';

/** The kinds of background part /ready lists (docs/processing.md, "Readiness"). */
export type PartKind =
  | 'reactor'
  | 'projection'
  | 'follower'
  | 'routing-feed'
  | 'outbox'
  | 'scheduler'
  | 'worker'
  | 'lease';

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

/** The log's lag (log-lag.ts, the one place it is counted) in the words /ready uses. */
export async function partLagAfter(
  store: EventStore,
  position: number | undefined,
  limit: number,
  now: number = Date.now(),
): Promise<PartLag> {
  const lag = await lagAfter(store, position, now, limit);
  return { events: lag.eventsBehind, atLeast: lag.atLeast, ms: lag.msBehind };
}
