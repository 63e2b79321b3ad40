import { StreamNotFoundError, type EventStore, type RecordedEvent } from '@pagedesk/event-store';
import { deterministicUuid, failureReason } from '@pagedesk/shared';

/**
 * The dead-letter streams: one per reactor, `quarantine-<reactor>`. An item
 * that cannot be applied by its nature is recorded here and the reactor goes
 * on; an operator retries it (REST or CLI) once the code or the data allows.
 * Every id derives from what was quarantined, so a reactor that sees the
 * same delivery again after a crash quarantines it the same way, once.
 */
export const QUARANTINE_CATEGORY = 'quarantine';
export const ITEM_QUARANTINED = 'ItemQuarantined';
export const QUARANTINE_RETRY_REQUESTED = 'QuarantineRetryRequested';
export const QUARANTINE_RELEASED = 'QuarantineReleased';
export const QUARANTINE_RETRY_FAILED = 'QuarantineRetryFailed';

const MAX_ERROR_CHARS = 1_000;

export const quarantineStream = (reactor: string) => `${QUARANTINE_CATEGORY}-${reactor}`;
export const isQuarantineEvent = (event: RecordedEvent) =>
  event.streamName.startsWith(`${QUARANTINE_CATEGORY}-`);

/** What was set aside: the log event, and which of its items (an update in a delivery) when it has several. */
export interface QuarantineTarget {
  readonly reactor: string;
  readonly event: RecordedEvent;
  /** Index of the item in the event (e.g. the update in a webhook delivery); null for the whole event. */
  readonly item: number | null;
  /** The lane the event ran in, so a retry runs in it too. */
  readonly lane: string;
  /** Whose item it is, when known: the tenant's admins see it. */
  readonly tenantId?: string | null;
  readonly pageId?: string | null;
}

export interface ItemQuarantined {
  readonly quarantineId: string;
  readonly reactor: string;
  readonly eventId: string;
  readonly position: number;
  readonly streamName: string;
  readonly eventType: string;
  readonly item: number | null;
  readonly lane: string;
  readonly tenantId: string | null;
  readonly pageId: string | null;
  readonly reason: string;
  readonly error: string;
}

export type QuarantineStatus = 'quarantined' | 'released';

export interface QuarantinedItem extends ItemQuarantined {
  readonly status: QuarantineStatus;
  readonly quarantinedAt: string;
  readonly retries: number;
  /** The last retry's failure, when it failed. */
  readonly lastRetryError: string | null;
  readonly releasedAt: string | null;
}

export const quarantineIdOf = (reactor: string, eventId: string, item: number | null) =>
  deterministicUuid(`quarantine|${reactor}|${eventId}|${item ?? '*'}`);

/** Messages are for people and may echo input: cut them short, never a stack. */
export const errorText = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_CHARS);

const metadata = (causationId: string, actor: string, now: string) => ({
  correlationId: causationId,
  causationId,
  actor,
  recordedAt: now,
});

/** Records an item as quarantined; the same item twice appends once (idempotent id). */
export async function quarantine(
  store: EventStore,
  target: QuarantineTarget,
  error: unknown,
  now: string = new Date().toISOString(),
): Promise<ItemQuarantined> {
  const { reactor, event, item } = target;
  const quarantineId = quarantineIdOf(reactor, event.id, item);
  const data: ItemQuarantined = {
    quarantineId,
    reactor,
    eventId: event.id,
    position: event.globalPosition,
    streamName: event.streamName,
    eventType: event.type,
    item,
    lane: target.lane,
    tenantId: target.tenantId ?? null,
    pageId: target.pageId ?? null,
    reason: failureReason(error),
    error: errorText(error),
  };
  await store.appendToStream(
    quarantineStream(reactor),
    [
      {
        id: deterministicUuid(`${quarantineId}|quarantined`),
        type: ITEM_QUARANTINED,
        data: { ...data },
        metadata: metadata(event.id, 'system', now),
      },
    ],
    { expectedRevision: 'any' },
  );
  return data;
}

/** Asks the item's reactor (in whichever process runs it) to apply the item again with its current code. */
export async function requestRetry(
  store: EventStore,
  item: QuarantinedItem,
  actor: string,
  requestId: string,
  now: string = new Date().toISOString(),
): Promise<void> {
  await store.appendToStream(
    quarantineStream(item.reactor),
    [
      {
        id: deterministicUuid(`${item.quarantineId}|retry|${requestId}`),
        type: QUARANTINE_RETRY_REQUESTED,
        data: {
          quarantineId: item.quarantineId,
          eventId: item.eventId,
          position: item.position,
          item: item.item,
          lane: item.lane,
        },
        metadata: metadata(requestId, actor, now),
      },
    ],
    { expectedRevision: 'any' },
  );
}

export interface RetryRequest {
  readonly quarantineId: string;
  readonly eventId: string;
  readonly position: number;
  readonly item: number | null;
  readonly lane: string;
}

export const isRetryRequestFor = (reactor: string) => (event: RecordedEvent) =>
  event.type === QUARANTINE_RETRY_REQUESTED && event.streamName === quarantineStream(reactor);

/** The outcome of a retry, recorded where the item is: released, or still quarantined with the new error. */
export async function recordRetryOutcome(
  store: EventStore,
  reactor: string,
  request: RecordedEvent,
  outcome: { readonly released: true } | { readonly released: false; readonly error: unknown },
  now: string = new Date().toISOString(),
): Promise<void> {
  const { quarantineId } = request.data as unknown as RetryRequest;
  await store.appendToStream(
    quarantineStream(reactor),
    [
      {
        id: deterministicUuid(`${request.id}|outcome`),
        type: outcome.released ? QUARANTINE_RELEASED : QUARANTINE_RETRY_FAILED,
        data: outcome.released
          ? { quarantineId }
          : {
              quarantineId,
              reason: failureReason(outcome.error),
              error: errorText(outcome.error),
            },
        metadata: metadata(request.id, 'system', now),
      },
    ],
    { expectedRevision: 'any' },
  );
}

/** Folds quarantine events into the items they describe (the CLI, the server's view, a reactor checking a retry). */
export class QuarantineBook {
  private readonly items = new Map<string, QuarantinedItem>();

  apply(event: RecordedEvent): void {
    const data = event.data as Record<string, unknown>;
    const id = data.quarantineId as string;
    const before = this.items.get(id);
    switch (event.type) {
      case ITEM_QUARANTINED:
        if (!before)
          this.items.set(id, {
            ...(data as unknown as ItemQuarantined),
            status: 'quarantined',
            quarantinedAt: event.metadata.recordedAt,
            retries: 0,
            lastRetryError: null,
            releasedAt: null,
          });
        return;
      case QUARANTINE_RETRY_FAILED:
        if (before)
          this.items.set(id, {
            ...before,
            retries: before.retries + 1,
            lastRetryError: data.error as string,
          });
        return;
      case QUARANTINE_RELEASED:
        if (before)
          this.items.set(id, {
            ...before,
            retries: before.retries + 1,
            status: 'released',
            releasedAt: event.metadata.recordedAt,
          });
        return;
    }
  }

  get(quarantineId: string): QuarantinedItem | undefined {
    return this.items.get(quarantineId);
  }

  /** Newest first; `tenantId` undefined means every tenant (the CLI). */
  list(filter: { tenantId?: string; status?: QuarantineStatus } = {}): QuarantinedItem[] {
    return [...this.items.values()]
      .filter((i) => filter.tenantId === undefined || i.tenantId === filter.tenantId)
      .filter((i) => filter.status === undefined || i.status === filter.status)
      .reverse();
  }

  /** Items still quarantined, per tenant ('' for items no tenant owns, e.g. an unknown page). */
  countsByTenant(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const item of this.items.values()) {
      if (item.status !== 'quarantined') continue;
      const key = item.tenantId ?? '';
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }
}

/** The items of one reactor's dead-letter stream, read now (a reactor about to retry one). */
export async function readQuarantine(store: EventStore, reactor: string): Promise<QuarantineBook> {
  const book = new QuarantineBook();
  try {
    for (const event of await store.readStream(quarantineStream(reactor))) book.apply(event);
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return book;
}
