import type { EventFilter, RecordedEvent } from '@pagedesk/event-store';
import type { AsyncSqlDb } from './async-sql-db';

/** A read-model table and the columns that order its rows uniquely (verify compares in that order). */
export interface ReadModelTable {
  readonly name: string;
  readonly key: readonly string[];
}

/**
 * A read model built from the global log. `apply` runs inside the runner's
 * transaction, together with the checkpoint, so it must await every
 * statement it makes (one left floating would land outside the transaction)
 * and must derive everything from the events (never the clock): a rebuild
 * from zero then gives the same rows, byte for byte.
 */
export interface Projection {
  readonly name: string;
  readonly tables: readonly ReadModelTable[];
  /** The events `apply` uses: the store leaves the rest out, and the checkpoint still moves past them. */
  readonly filter?: EventFilter;
  createSchema(): Promise<void>;
  dropSchema(): Promise<void>;
  apply(event: RecordedEvent): Promise<void>;
}

/** How a projection is built over a database: the CLI builds the same ones over a fresh file to verify. */
export type ProjectionFactory = (db: AsyncSqlDb) => Projection;
