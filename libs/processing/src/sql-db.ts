import type Database from 'better-sqlite3';

export type SqlValue = string | number | null;

/**
 * What a read model needs from a SQL database, and nothing more, so another
 * database can serve later by implementing these five calls. Synchronous on
 * purpose: a projection applies a whole batch plus its checkpoint inside
 * `transaction`, and nothing else on the connection can run in between.
 */
export interface SqlDb {
  /** Schema changes: one or more statements, no parameters. */
  exec(sql: string): void;
  /** Returns how many rows changed. */
  run(sql: string, params?: readonly SqlValue[]): number;
  get<Row>(sql: string, params?: readonly SqlValue[]): Row | undefined;
  all<Row>(sql: string, params?: readonly SqlValue[]): Row[];
  /** Nested calls become savepoints; an exception rolls the whole unit back. */
  transaction<T>(work: () => T): T;
}

/** better-sqlite3 behind SqlDb; statements are prepared once per SQL text. */
export class SqliteSqlDb implements SqlDb {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly connection: Database.Database) {}

  exec(sql: string): void {
    this.statements.clear();
    this.connection.exec(sql);
  }

  run(sql: string, params: readonly SqlValue[] = []): number {
    return this.statement(sql).run(...params).changes;
  }

  get<Row>(sql: string, params: readonly SqlValue[] = []): Row | undefined {
    return this.statement(sql).get(...params) as Row | undefined;
  }

  all<Row>(sql: string, params: readonly SqlValue[] = []): Row[] {
    return this.statement(sql).all(...params) as Row[];
  }

  transaction<T>(work: () => T): T {
    return this.connection.transaction(work)();
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.connection.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
