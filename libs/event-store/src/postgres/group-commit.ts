import type { Pool } from 'pg';
import type { AppendResult, EventToAppend, ExpectedRevision } from '../event';
import { WrongExpectedVersionError } from '../errors';
import { toStoreError } from './postgres-errors';

export interface AppendRequest {
  readonly streamName: string;
  readonly events: readonly EventToAppend[];
  readonly serialised: readonly { data: string; metadata: string }[];
  readonly expected: ExpectedRevision;
}

interface PendingAppend extends AppendRequest {
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

interface AppendRow {
  readonly outcome: 'ok' | 'conflict';
  readonly out_revision: string;
  readonly out_position: string | null;
}

const APPEND_SQL =
  'SELECT outcome, out_revision, out_position FROM pagedesk_append_batch($1::text[], $2::text[], $3::int[], $4::uuid[], $5::text[], $6::text[], $7::text[])';

/**
 * Appends that arrive in the same tick go out as one statement,
 * pagedesk_append_batch: one round trip, one transaction, one commit, each
 * append checked against its own expected revision. One batch at a time:
 * appends serialise on the append lock anyway, so batching them is the win.
 */
export class GroupCommit {
  private pending: PendingAppend[] = [];
  private writing: Promise<void> | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly url: string,
    private readonly onCommitted: () => void,
  ) {}

  append(request: AppendRequest): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ ...request, resolve, reject });
      this.writing ??= this.drain();
    });
  }

  /** Resolves once every append handed in so far has its outcome. */
  async drained(): Promise<void> {
    await this.writing;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        await new Promise((r) => setImmediate(r));
        const batch = this.pending;
        this.pending = [];
        await this.commit(batch);
      }
    } finally {
      this.writing = undefined;
    }
  }

  private async commit(batch: readonly PendingAppend[]): Promise<void> {
    let rows: AppendRow[];
    try {
      rows = (await this.pool.query<AppendRow>(APPEND_SQL, batchParams(batch))).rows;
      if (rows.length !== batch.length)
        throw new Error(`${rows.length} outcomes for ${batch.length} appends`);
    } catch (error) {
      // The outcome of a commit cut off mid-way is unknown: a retry with the same ids tells.
      const failure = toStoreError(error, this.url, 'commit an append');
      for (const append of batch) append.reject(failure);
      return;
    }
    batch.forEach((append, i) => settle(append, rows[i]!));
    this.onCommitted();
  }
}

function settle(append: PendingAppend, row: AppendRow): void {
  if (row.outcome === 'ok') {
    append.resolve({
      nextExpectedRevision: Number(row.out_revision),
      globalPosition: Number(row.out_position),
    });
    return;
  }
  const actual = Number(row.out_revision);
  append.reject(
    new WrongExpectedVersionError(
      append.streamName,
      append.expected,
      actual < 0 ? 'no_stream' : actual,
    ),
  );
}

/** Each append's columns, and the events of all of them end to end. */
function batchParams(batch: readonly PendingAppend[]): unknown[] {
  return [
    batch.map((a) => a.streamName),
    batch.map((a) => String(a.expected)),
    batch.map((a) => a.events.length),
    batch.flatMap((a) => a.events.map((e) => e.id.toLowerCase())),
    batch.flatMap((a) => a.events.map((e) => e.type)),
    batch.flatMap((a) => a.serialised.map((e) => e.data)),
    batch.flatMap((a) => a.serialised.map((e) => e.metadata)),
  ];
}
