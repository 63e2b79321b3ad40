import { failureClass } from '@pagedesk/shared';
import type { AsyncSqlDb } from '../async-sql-db';

/** What an adapter's spec hands to the contract suite. */
export interface AsyncSqlDbFixture {
  readonly name: string;
  /** A fresh, empty database. Two opened in one test share nothing (no table of one is seen by the other). */
  open(): Promise<OpenedAsyncSqlDb>;
}

export interface OpenedAsyncSqlDb {
  readonly db: AsyncSqlDb;
  /** Another handle on the same data, as another process (another node) opens it; closed by dispose. */
  reopen(): Promise<AsyncSqlDb>;
  /**
   * Ends `db`'s connections from the other side, as a database restart or
   * failover does. Must really end some (fail otherwise); a database without
   * connections (a file in the process) has nothing to end and does nothing.
   */
  dropConnections(): Promise<void>;
  /** Closes everything opened for this database and removes its data. */
  dispose(): Promise<void>;
}

interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Yields to the event loop, so that other pending work (another transaction) gets its chance to run in between. */
const hop = () => new Promise<void>((resolve) => setImmediate(resolve));

const ITEMS = 'CREATE TABLE IF NOT EXISTS items (id TEXT PRIMARY KEY, n INTEGER, note TEXT)';

/**
 * The behaviour every AsyncSqlDb adapter must show, in the portable SQL both
 * dialects accept (docs/projections.md, "Portable SQL"). Each adapter's spec
 * calls this with its fixture.
 */
export function asyncSqlDbContract(fixture: AsyncSqlDbFixture): void {
  describe(`AsyncSqlDb contract: ${fixture.name}`, () => {
    let opened: OpenedAsyncSqlDb;
    let db: AsyncSqlDb;
    const extra: OpenedAsyncSqlDb[] = [];

    beforeEach(async () => {
      opened = await fixture.open();
      db = opened.db;
      await db.exec(ITEMS);
    });
    afterEach(async () => {
      await Promise.all([opened, ...extra.splice(0)].map((o) => o.dispose()));
    });

    const insert = (id: string, n: number | null = null, on: AsyncSqlDb = db) =>
      on.run('INSERT INTO items (id, n) VALUES (?, ?)', [id, n]);
    const ids = async (on: AsyncSqlDb = db) =>
      (await on.all<{ id: string }>('SELECT id FROM items ORDER BY id')).map((row) => row.id);

    describe('statements', () => {
      it('exec runs several DDL statements; run answers how many rows changed', async () => {
        await db.exec(
          'CREATE TABLE IF NOT EXISTS a (id TEXT PRIMARY KEY); CREATE TABLE IF NOT EXISTS b (id TEXT PRIMARY KEY);\nCREATE INDEX IF NOT EXISTS a_by_id ON a (id)',
        );
        expect(await db.run('INSERT INTO a (id) VALUES (?), (?)', ['x', 'y'])).toBe(2);
        expect(await db.run('INSERT INTO b (id) VALUES (?)', ['z'])).toBe(1);
        expect(await insert('1', 1)).toBe(1);
        expect(await insert('2', 1)).toBe(1);
        expect(await insert('3', 2)).toBe(1);
        expect(await db.run('UPDATE items SET note = ? WHERE n = ?', ['one', 1])).toBe(2);
        expect(await db.run('DELETE FROM items WHERE n = ?', [99])).toBe(0);
        expect(await db.run('DELETE FROM items WHERE n = ?', [2])).toBe(1);
      });

      it('get answers the first row or undefined; all answers every row in order', async () => {
        await insert('b', 2);
        await insert('a', 1);
        expect(await db.get('SELECT id, n, note FROM items WHERE id = ?', ['a'])).toEqual({
          id: 'a',
          n: 1,
          note: null,
        });
        expect(await db.get('SELECT id FROM items WHERE id = ?', ['missing'])).toBeUndefined();
        expect(await db.all('SELECT id, n FROM items ORDER BY n DESC, id')).toEqual([
          { id: 'b', n: 2 },
          { id: 'a', n: 1 },
        ]);
        expect(await db.all('SELECT id FROM items WHERE n > ?', [5])).toEqual([]);
      });

      it('gives BIGINT milliseconds, counts and sums back as numbers, and DOUBLE PRECISION exactly', async () => {
        await db.exec(
          'CREATE TABLE IF NOT EXISTS times (id TEXT PRIMARY KEY, at_ms BIGINT NOT NULL, ratio DOUBLE PRECISION)',
        );
        const at = Date.UTC(2026, 11, 1, 21, 0, 0, 123);
        const big = Number.MAX_SAFE_INTEGER - 1;
        await db.run('INSERT INTO times (id, at_ms, ratio) VALUES (?, ?, ?), (?, ?, ?)', [
          'a',
          at,
          0.1,
          'b',
          big - at,
          2.5,
        ]);
        const row = await db.get<{ at_ms: unknown; ratio: unknown }>(
          'SELECT at_ms, ratio FROM times WHERE id = ?',
          ['a'],
        );
        expect(row).toEqual({ at_ms: at, ratio: 0.1 });
        const totals = await db.get<Record<string, unknown>>(
          'SELECT SUM(at_ms) AS total, COUNT(*) AS how_many, MAX(at_ms) AS latest, SUM(ratio) AS ratios FROM times',
        );
        expect(totals).toEqual({ total: big, how_many: 2, latest: big - at, ratios: 2.6 });
        expect(typeof totals!.total).toBe('number');
        expect(typeof totals!.how_many).toBe('number');
      });

      it('upserts with ON CONFLICT … DO UPDATE SET x = excluded.x, and skips with DO NOTHING', async () => {
        const upsert =
          'INSERT INTO items (id, n, note) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET n = excluded.n, note = excluded.note';
        expect(await db.run(upsert, ['a', 1, 'first'])).toBe(1);
        expect(await db.run(upsert, ['a', 2, 'second'])).toBe(1);
        const skip = 'INSERT INTO items (id, n) VALUES (?, ?) ON CONFLICT (id) DO NOTHING';
        expect(await db.run(skip, ['a', 3])).toBe(0);
        expect(await db.run(skip, ['b', 4])).toBe(1);
        expect(await db.all('SELECT id, n, note FROM items ORDER BY id')).toEqual([
          { id: 'a', n: 2, note: 'second' },
          { id: 'b', n: 4, note: null },
        ]);
      });

      it('orders NULLs where NULLS FIRST / NULLS LAST says', async () => {
        await insert('a', 2);
        await insert('b', null);
        await insert('c', 1);
        const order = async (nulls: 'FIRST' | 'LAST', direction: 'ASC' | 'DESC') =>
          (
            await db.all<{ id: string }>(
              `SELECT id FROM items ORDER BY n ${direction} NULLS ${nulls}, id`,
            )
          ).map((row) => row.id);
        expect(await order('FIRST', 'ASC')).toEqual(['b', 'c', 'a']);
        expect(await order('LAST', 'ASC')).toEqual(['c', 'a', 'b']);
        expect(await order('FIRST', 'DESC')).toEqual(['b', 'a', 'c']);
        expect(await order('LAST', 'DESC')).toEqual(['a', 'c', 'b']);
      });

      it('leaves a ? inside quoted text and comments alone', async () => {
        await db.run(
          "INSERT INTO items (id, n, note) VALUES (?, ?, 'why? it''s ?') -- is this ?\n",
          ['q', 7],
        );
        expect(
          await db.get(
            "SELECT note, 'really?' AS asked /* or ? */ FROM items WHERE id = ? AND note LIKE '%?'",
            ['q'],
          ),
        ).toEqual({ note: "why? it's ?", asked: 'really?' });
      });

      it('rejects a constraint violation as a permanent failure, and a syntax error too', async () => {
        await insert('a', 1);
        const duplicate = await insert('a', 2).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(duplicate).toBeDefined();
        expect(failureClass(duplicate)).toBe('permanent');
        const syntax = await db.all('SELEC id FROM items').then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(syntax).toBeDefined();
        expect(failureClass(syntax)).toBe('permanent');
        expect(await ids()).toEqual(['a']);
      });
      it('rejects a statement given too few or too many values as a permanent failure, running nothing', async () => {
        for (const values of [['a'], ['a', 1, 'extra']]) {
          const error = await db.run('INSERT INTO items (id, n) VALUES (?, ?)', values).then(
            () => undefined,
            (failure: unknown) => failure,
          );
          expect(error).toBeDefined();
          expect(failureClass(error)).toBe('permanent');
        }
        expect(await ids()).toEqual([]);
      });
    });

    describe('transactions', () => {
      it('commits every statement of `work`, made from nested async calls, and another handle sees them', async () => {
        const deep = async (id: string) => {
          await hop();
          await insert(id);
        };
        const answer = await db.transaction(async () => {
          await insert('a');
          await Promise.all([deep('b'), deep('c')]);
          await Promise.resolve().then(() => deep('d'));
          return 'done';
        });
        expect(answer).toBe('done');
        const other = await opened.reopen();
        expect(await ids(other)).toEqual(['a', 'b', 'c', 'd']);
      });

      it('rolls back every statement of `work`, from nested async calls too, when it throws', async () => {
        const deep = async (id: string) => {
          await hop();
          await insert(id);
        };
        await insert('kept');
        await expect(
          db.transaction(async () => {
            await insert('a');
            await Promise.all([deep('b'), deep('c')]);
            await db.run('UPDATE items SET n = ? WHERE id = ?', [5, 'kept']);
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await db.all('SELECT id, n FROM items')).toEqual([{ id: 'kept', n: null }]);
      });

      it('rolls back only the savepoint of a nested transaction that failed and was caught', async () => {
        await db.transaction(async () => {
          await insert('outer-before');
          await expect(
            db.transaction(async () => {
              await insert('inner');
              await hop();
              throw new Error('inner failed');
            }),
          ).rejects.toThrow('inner failed');
          await db.transaction(async () => {
            await insert('inner-kept');
          });
          await insert('outer-after');
        });
        expect(await ids()).toEqual(['inner-kept', 'outer-after', 'outer-before']);
      });

      it('goes on after a nested transaction whose statement the database refused, when caught', async () => {
        await insert('taken');
        await db.transaction(async () => {
          await insert('outer');
          const refused = await db
            .transaction(async () => {
              await insert('inner');
              await insert('taken');
            })
            .then(
              () => undefined,
              (error: unknown) => error,
            );
          expect(failureClass(refused)).toBe('permanent');
          await insert('after');
        });
        expect(await ids()).toEqual(['after', 'outer', 'taken']);
      });

      it('runs nested transactions started together one after another: one failing undoes only its own', async () => {
        await db.transaction(async () => {
          const failing = db.transaction(async () => {
            await insert('failing');
            await hop();
            await hop();
            throw new Error('nested failed');
          });
          const passing = db.transaction(async () => {
            await hop();
            await insert('passing');
          });
          const outcomes = await Promise.allSettled([failing, passing]);
          expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'fulfilled']);
        });
        expect(await ids()).toEqual(['passing']);
      });

      it('rolls a nested transaction back with its outer one when the failure is not caught', async () => {
        await expect(
          db.transaction(async () => {
            await insert('outer');
            await db.transaction(async () => {
              await insert('inner');
            });
            throw new Error('outer failed');
          }),
        ).rejects.toThrow('outer failed');
        expect(await ids()).toEqual([]);
      });

      it('runs concurrent transactions one after another, never interleaved', async () => {
        await db.run('INSERT INTO items (id, n) VALUES (?, ?)', ['counter', 0]);
        const count = 12;
        const bump = () =>
          db.transaction(async () => {
            const row = await db.get<{ n: number }>('SELECT n FROM items WHERE id = ?', [
              'counter',
            ]);
            await hop();
            await db.run('UPDATE items SET n = ? WHERE id = ?', [row!.n + 1, 'counter']);
          });
        await Promise.all(Array.from({ length: count }, bump));
        expect(await db.get('SELECT n FROM items WHERE id = ?', ['counter'])).toEqual({
          n: count,
        });
      });

      it('lets a transaction wait for one that failed, then run', async () => {
        const first = db.transaction(async () => {
          await insert('a');
          await hop();
          throw new Error('first failed');
        });
        const second = db.transaction(async () => {
          await insert('a');
        });
        await expect(first).rejects.toThrow('first failed');
        await expect(second).resolves.toBeUndefined();
        expect(await ids()).toEqual(['a']);
      });

      it('shows reads outside a transaction only committed rows', async () => {
        const other = await opened.reopen();
        const inserted = deferred();
        const finish = deferred();
        const transaction = db.transaction(async () => {
          await insert('uncommitted');
          inserted.resolve();
          await finish.promise;
          throw new Error('rolled back');
        });
        await inserted.promise;
        // Another handle reads while the transaction is open.
        expect(await ids(other)).toEqual([]);
        // This handle too: answered now, or after the transaction if it waits its turn.
        const sameHandle = ids();
        finish.resolve();
        await expect(transaction).rejects.toThrow('rolled back');
        expect(await sameHandle).toEqual([]);
        await db.transaction(() => insert('committed'));
        expect(await ids(other)).toEqual(['committed']);
      });
    });

    describe('faults', () => {
      /** Retries transient failures only, a few times; answers the failures seen. */
      const untilItPasses = async <T>(work: () => Promise<T>) => {
        const failures: unknown[] = [];
        for (let attempt = 1; ; attempt++) {
          try {
            return { result: await work(), failures };
          } catch (error) {
            failures.push(error);
            if (failureClass(error) !== 'transient' || attempt >= 5) throw error;
          }
        }
      };

      it('keeps working after the database ended its connections; failures are transient and a retry passes', async () => {
        // Several connections in use at once, so there is more than one to lose.
        await Promise.all(['a', 'b', 'c'].map((id) => insert(id)));
        await opened.dropConnections();
        const { result, failures } = await untilItPasses(() => ids());
        expect(result).toEqual(['a', 'b', 'c']);
        expect(failures.map(failureClass)).not.toContain('permanent');
        await untilItPasses(() => insert('d'));
        expect(await ids()).toEqual(['a', 'b', 'c', 'd']);
      });

      it('fails a transaction whose connection was ended as transient, with nothing of it kept, and a retry passes', async () => {
        const inserted = deferred();
        const dropped = deferred();
        const dropping = inserted.promise
          .then(() => opened.dropConnections())
          .finally(() => dropped.resolve());
        let attempts = 0;
        const { failures } = await untilItPasses(() =>
          db.transaction(async () => {
            attempts += 1;
            await insert('once');
            if (attempts === 1) {
              inserted.resolve();
              await dropped.promise;
            }
            await db.run('UPDATE items SET n = ? WHERE id = ?', [attempts, 'once']);
          }),
        );
        await dropping;
        expect(failures.map(failureClass)).not.toContain('permanent');
        expect(await db.all('SELECT id, n FROM items')).toEqual([{ id: 'once', n: attempts }]);
      });
    });

    describe('isolation', () => {
      it('shares nothing between two databases opened apart', async () => {
        const second = await fixture.open();
        extra.push(second);
        await second.db.exec(ITEMS);
        await second.db.exec('CREATE TABLE IF NOT EXISTS only_second (id TEXT PRIMARY KEY)');
        await insert('first');
        await insert('second', null, second.db);
        expect(await ids()).toEqual(['first']);
        expect(await ids(second.db)).toEqual(['second']);
        const missing = await db.all('SELECT id FROM only_second').then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(missing).toBeDefined();
        expect(failureClass(missing)).toBe('permanent');
      });
    });
  });
}
