/** What one append proposes, already decoded from either append RPC. */
export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

export interface StoredEvent extends ProposedEvent {
  readonly streamName: string;
  readonly revision: number;
  /** Commit and prepare position at once: every append here is an implicit transaction. */
  readonly position: number;
  /** .NET ticks since the Unix epoch, as EventStoreDB reports `created`. */
  readonly created: bigint;
}

export type Expectation =
  | { readonly kind: 'any' | 'no_stream' | 'stream_exists' }
  | { readonly kind: 'revision'; readonly revision: number };

export type AppendOutcome =
  | { readonly ok: true; readonly revision: number; readonly position: number }
  | { readonly ok: false; readonly currentRevision: number | undefined };

const TICKS_PER_MS = 10_000n;
/** Positions are byte offsets in EventStoreDB: start past zero and leave gaps so nobody relies on density. */
const FIRST_POSITION = 4_096;
const RECORD_OVERHEAD = 97;

/** The whole database of the stand-in: kept across server restarts. */
export class StandinLog {
  private readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly listeners = new Set<() => void>();
  private nextPosition = FIRST_POSITION;

  get events(): readonly StoredEvent[] {
    return this.all;
  }

  stream(streamName: string): readonly StoredEvent[] | undefined {
    return this.streams.get(streamName);
  }

  /** Called after every successful write; returns the unsubscribe function. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  append(
    streamName: string,
    expected: Expectation,
    proposed: readonly ProposedEvent[],
  ): AppendOutcome {
    const existing = this.streams.get(streamName) ?? [];
    const retried = this.findRetry(existing, expected, proposed);
    if (retried) return retried;
    const current = existing.length - 1;
    if (!satisfies(expected, current))
      return { ok: false, currentRevision: current < 0 ? undefined : current };
    if (proposed.length === 0)
      return { ok: true, revision: current, position: this.all.at(-1)?.position ?? 0 };
    const stored = proposed.map((event, i) => this.store(streamName, current + 1 + i, event));
    this.streams.set(streamName, [...existing, ...stored]);
    this.listeners.forEach((listener) => listener());
    const last = stored[stored.length - 1];
    return { ok: true, revision: last.revision, position: last.position };
  }

  /**
   * EventStoreDB acknowledges a retried write again instead of duplicating it when the
   * same ids already sit where the write would have put them.
   */
  private findRetry(
    existing: readonly StoredEvent[],
    expected: Expectation,
    proposed: readonly ProposedEvent[],
  ) {
    const start = retryStart(existing, expected, proposed[0]?.id);
    if (start === undefined || start < 0 || start + proposed.length > existing.length)
      return undefined;
    const same = proposed.every((event, i) => existing[start + i].id === event.id);
    if (!same) return undefined;
    const last = existing[start + proposed.length - 1];
    return { ok: true as const, revision: last.revision, position: last.position };
  }

  private store(streamName: string, revision: number, event: ProposedEvent): StoredEvent {
    const position = this.nextPosition;
    this.nextPosition +=
      RECORD_OVERHEAD + streamName.length + event.data.length + event.customMetadata.length;
    const stored = {
      ...event,
      streamName,
      revision,
      position,
      created: BigInt(Date.now()) * TICKS_PER_MS,
    };
    this.all.push(stored);
    return stored;
  }
}

function satisfies(expected: Expectation, current: number): boolean {
  switch (expected.kind) {
    case 'any':
      return true;
    case 'no_stream':
      return current === -1;
    case 'stream_exists':
      return current >= 0;
    case 'revision':
      return current === expected.revision;
  }
}

function retryStart(
  existing: readonly StoredEvent[],
  expected: Expectation,
  firstId: string | undefined,
) {
  switch (expected.kind) {
    case 'no_stream':
      return 0;
    case 'revision':
      return expected.revision + 1;
    default:
      return firstId === undefined
        ? undefined
        : existing.findIndex((event) => event.id === firstId);
  }
}
