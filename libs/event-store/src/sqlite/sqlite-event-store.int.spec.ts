import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { EventFilter, ExpectedRevision, RecordedEvent } from '../event';
import type { EventStore } from '../event-store.port';
import { eventStoreContract, testEvent, testEvents } from '../testing';
import { SqliteEventStore } from './sqlite-event-store';
import type { Statements } from './statements';

eventStoreContract({
  name: 'SQLite (embedded default)',
  async open() {
    const dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-store-'));
    const file = join(dataDir, 'events.db');
    const handles: EventStore[] = [await SqliteEventStore.open(file)];
    return {
      store: handles[0]!,
      childEnv: { DATA_DIR: dataDir },
      async reopen() {
        const store = await SqliteEventStore.open(file);
        handles.push(store);
        return store;
      },
      async dispose() {
        await Promise.all(handles.map((h) => h.close()));
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
});

describe('SQLite adapter: another handle on the same file (a second process or thread)', () => {
  let dataDir: string;
  let file: string;
  let mine: SqliteEventStore;
  let theirs: SqliteEventStore;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-two-handles-'));
    file = join(dataDir, 'events.db');
    mine = await SqliteEventStore.open(file);
    theirs = await SqliteEventStore.open(file);
  });

  afterEach(async () => {
    await mine.close();
    await theirs.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers every event to a live subscription, whichever handle wrote it', async () => {
    const seen: string[] = [];
    const all = new Promise<void>((resolve) => {
      mine.subscribeToAll((event) => {
        seen.push(`${event.streamName}:${event.revision}`);
        if (seen.length === 8) resolve();
      });
    });
    await mine.appendToStream('mine-1', testEvents(3), { expectedRevision: 'no_stream' });
    await theirs.appendToStream('theirs-1', testEvents(2), { expectedRevision: 'no_stream' });
    await mine.appendToStream('mine-1', testEvents(3), { expectedRevision: 2 });
    await all;
    expect(seen).toEqual([
      'mine-1:0',
      'mine-1:1',
      'mine-1:2',
      'theirs-1:0',
      'theirs-1:1',
      'mine-1:3',
      'mine-1:4',
      'mine-1:5',
    ]);
  });

  it('wakes a subscription as soon as it is told of a commit by the other handle, long before its poll', async () => {
    theirs.onCommit(() => mine.noticeCommitElsewhere());
    await new Promise<void>((resolve) =>
      mine.subscribeToAll(() => undefined, { onCaughtUp: () => resolve() }),
    );
    const seen = new Promise<number>((resolve) => {
      const started = Date.now();
      mine.subscribeToAll(() => resolve(Date.now() - started), { after: 0 });
    });
    await theirs.appendToStream('theirs-1', testEvents(1), { expectedRevision: 'no_stream' });
    // Without the notice the subscription finds the event at its next poll, a second later.
    expect(await seen).toBeLessThan(500);
  });

  it('shares one decoded copy of events the other handle wrote between its subscribers', async () => {
    theirs.onCommit(() => mine.noticeCommitElsewhere());
    const received = (count: number) =>
      new Promise<RecordedEvent[]>((resolve) => {
        const events: RecordedEvent[] = [];
        mine.subscribeToAll((event) => {
          events.push(event);
          if (events.length === count) resolve(events);
        });
      });
    const first = received(3);
    const second = received(3);
    await theirs.appendToStream('theirs-1', testEvents(3), { expectedRevision: 'no_stream' });
    const [a, b] = await Promise.all([first, second]);
    expect(a.map((e) => e.revision)).toEqual([0, 1, 2]);
    expect(b.every((event, i) => event === a[i])).toBe(true);
  });

  it('reads what the other handle wrote once for all its filtered subscribers, and the head once per commit', async () => {
    theirs.onCommit(() => mine.noticeCommitElsewhere());
    await theirs.appendToStream('theirs-1', testEvents(1), { expectedRevision: 'no_stream' });
    const subscriber = (filter: EventFilter) => {
      let caughtUp!: () => void;
      const ready = new Promise<void>((resolve) => (caughtUp = resolve));
      const second = new Promise<RecordedEvent>((resolve) =>
        mine.subscribeToAll((event) => (event.revision === 1 ? resolve(event) : undefined), {
          filter,
          onCaughtUp: () => caughtUp(),
        }),
      );
      return { ready, second };
    };
    const subscribers = [
      subscriber({ categories: ['theirs'] }),
      subscriber({ types: ['ThingHappened'] }),
      subscriber({ types: ['ThingHappened'], categories: ['theirs'] }),
    ];
    await Promise.all(subscribers.map((s) => s.ready));
    const { head } = (mine as unknown as { statements: Statements }).statements;
    const heads = jest.spyOn(head, 'get');
    await theirs.appendToStream('theirs-1', testEvents(1), { expectedRevision: 0 });
    const [a, b, c] = await Promise.all(subscribers.map((s) => s.second));
    // One decoded copy: each walking the indexes for its own filter would decode its own.
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(heads).toHaveBeenCalledTimes(1);
  });

  it("takes the head after its own commit from the commit, and still delivers the other handle's in between", async () => {
    theirs.onCommit(() => mine.noticeCommitElsewhere());
    let caughtUp!: () => void;
    const ready = new Promise<void>((resolve) => (caughtUp = resolve));
    const seen: string[] = [];
    let arrived: (() => void) | undefined;
    const arrive = (count: number) =>
      new Promise<void>((resolve) => {
        arrived = () => seen.length >= count && resolve();
        arrived();
      });
    mine.subscribeToAll(
      (event) => {
        seen.push(`${event.streamName}:${event.revision}`);
        arrived?.();
      },
      { filter: { types: ['ThingHappened'] }, onCaughtUp: () => caughtUp() },
    );
    await ready;
    const { head } = (mine as unknown as { statements: Statements }).statements;
    const heads = jest.spyOn(head, 'get');
    await mine.appendToStream('mine-1', testEvents(2), { expectedRevision: 'no_stream' });
    await arrive(2);
    expect(heads).not.toHaveBeenCalled();
    await theirs.appendToStream('theirs-1', testEvents(2), { expectedRevision: 'no_stream' });
    await mine.appendToStream('mine-1', testEvents(1), { expectedRevision: 1 });
    await arrive(5);
    expect(seen).toEqual(['mine-1:0', 'mine-1:1', 'theirs-1:0', 'theirs-1:1', 'mine-1:2']);
  });

  it('finds a commit nobody announced at its next poll, with the head read again', async () => {
    let caughtUp!: () => void;
    const ready = new Promise<void>((resolve) => (caughtUp = resolve));
    const seen = new Promise<number>((resolve) => {
      mine.subscribeToAll((event) => resolve(event.revision), {
        filter: { categories: ['theirs'] },
        onCaughtUp: () => caughtUp(),
      });
    });
    await ready;
    await theirs.appendToStream('theirs-1', testEvents(1), { expectedRevision: 'no_stream' });
    expect(await seen).toBe(0);
  });

  it('keeps its event loop turning while another handle holds the write lock, then commits', async () => {
    const other = new Database(file);
    try {
      other.prepare('BEGIN IMMEDIATE').run();
      const appended = mine.appendToStream('locked-1', testEvents(1), {
        expectedRevision: 'no_stream',
      });
      let ticks = 0;
      const ticking = setInterval(() => ticks++, 5);
      await new Promise((r) => setTimeout(r, 100));
      clearInterval(ticking);
      // SQLite's own busy wait would have blocked this thread, and the timer with it.
      expect(ticks).toBeGreaterThan(5);
      expect(await mine.headPosition()).toBeUndefined();
      other.prepare('COMMIT').run();
      expect((await appended).nextExpectedRevision).toBe(0);
    } finally {
      other.close();
    }
  });
});

describe('SQLite adapter: checkpoints left to another handle (the acknowledging thread)', () => {
  const MIB = 1024 * 1024;
  let dataDir: string;
  let file: string;
  const handles: SqliteEventStore[] = [];
  const open = async (options: Parameters<typeof SqliteEventStore.open>[1] = {}) => {
    const store = await SqliteEventStore.open(file, options);
    handles.push(store);
    return store;
  };
  const databaseBytes = () => statSync(file).size;

  /** `rows` bodies of 64 KiB (16 pages each) to one stream, ten to a commit. */
  async function appendRows(store: SqliteEventStore, stream: string, rows: number) {
    let expectedRevision: ExpectedRevision = 'no_stream';
    for (let i = 0; i < rows; i += 10) {
      const events = Array.from({ length: 10 }, () => testEvent({ body: 'x'.repeat(64 * 1024) }));
      ({ nextExpectedRevision: expectedRevision } = await store.appendToStream(stream, events, {
        expectedRevision,
      }));
    }
  }

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-checkpoints-'));
    file = join(dataDir, 'events.db');
  });
  afterEach(async () => {
    await Promise.all(handles.splice(0).map((h) => h.close()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("never checkpoints in its own commits, past SQLite's 1,000 pages: the other handle's next commit does", async () => {
    const mine = await open({ checkpoints: 'elsewhere' });
    const theirs = await open();
    const before = databaseBytes();
    await appendRows(mine, 'inbox-1', 100);
    // 6.4 MB in the WAL, none of it copied into the database file: no commit of this handle stalled for a checkpoint.
    expect(mine.walBytes()).toBeGreaterThan(6 * MIB);
    expect(databaseBytes()).toBe(before);
    await theirs.appendToStream('conversation-1', testEvents(1), { expectedRevision: 'no_stream' });
    expect(databaseBytes()).toBeGreaterThan(before + 6 * MIB);
  });

  it('makes no statement object in its commits, its own checkpoints included, for the collector to free', async () => {
    const mine = await open({ checkpoints: 'elsewhere', walBoundBytes: 2 * MIB });
    // better-sqlite3 12 built against Node >= 24.19's headers aborts the process when the collector frees a
    // statement outside a JavaScript context (BENCHMARKS.md, session 11): under load, one a commit was enough.
    const pragma = jest.spyOn(Database.prototype, 'pragma');
    const prepare = jest.spyOn(Database.prototype, 'prepare');
    try {
      await appendRows(mine, 'inbox-1', 100);
      expect(mine.walBytes()).toBeLessThanOrEqual(3 * MIB); // it did checkpoint itself
      expect(pragma).not.toHaveBeenCalled();
      expect(prepare).not.toHaveBeenCalled();
    } finally {
      pragma.mockRestore();
      prepare.mockRestore();
    }
  });

  it('keeps the WAL within its bound when no other handle checkpoints (the worker is down)', async () => {
    const mine = await open({ checkpoints: 'elsewhere', walBoundBytes: 4 * MIB });
    await appendRows(mine, 'inbox-1', 300);
    // 19 MB appended; the WAL at most the bound plus the one commit that passed it.
    expect(mine.walBytes()).toBeLessThanOrEqual(4 * MIB + MIB);
    expect(databaseBytes()).toBeGreaterThan(15 * MIB);
    expect(await mine.readStream('inbox-1', { fromRevision: 299 })).toHaveLength(1);
  });
});

describe('SQLite adapter: filtered reads', () => {
  let dataDir: string;
  let file: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-filtered-'));
    file = join(dataDir, 'events.db');
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('never reads the rows a filter leaves out: a corrupt body beside them does not matter', async () => {
    const store = await SqliteEventStore.open(file);
    await store.appendToStream('page-1', testEvents(1, 'PageConnected'), {
      expectedRevision: 'no_stream',
    });
    await store.appendToStream('inbox-1', testEvents(1, 'Delivery'), {
      expectedRevision: 'no_stream',
    });
    await store.appendToStream('page-1', testEvents(1, 'PageConnected'), { expectedRevision: 0 });
    await store.close();
    // Were the inbox row decoded, this would throw.
    const raw = new Database(file);
    raw.prepare("UPDATE events SET data = '{not json' WHERE stream_name = 'inbox-1'").run();
    raw.close();
    const reopened = await SqliteEventStore.open(file);
    try {
      const byType = await reopened.readAll({ filter: { types: ['PageConnected'] } });
      const byCategory = await reopened.readAll({ filter: { categories: ['page'] } });
      expect(byType.map((e) => e.revision)).toEqual([0, 1]);
      expect(byCategory.map((e) => e.revision)).toEqual([0, 1]);
      const plan = new Database(file, { readonly: true })
        .prepare(
          "EXPLAIN QUERY PLAN SELECT global_position FROM events INDEXED BY events_by_category WHERE category = 'page' AND global_position > 0",
        )
        .all() as { detail: string }[];
      expect(plan.map((p) => p.detail).join()).toContain('events_by_category');
    } finally {
      await reopened.close();
    }
  });

  it('adds the category column and the indexes to a file written before them, keeping every event', async () => {
    const old = new Database(file);
    old.exec(`CREATE TABLE events (
      global_position INTEGER PRIMARY KEY AUTOINCREMENT, stream_name TEXT NOT NULL,
      revision INTEGER NOT NULL, event_id TEXT NOT NULL, type TEXT NOT NULL,
      data TEXT NOT NULL, metadata TEXT NOT NULL, UNIQUE (stream_name, revision));
    CREATE INDEX events_by_event_id ON events (stream_name, event_id);`);
    const insert = old.prepare(
      'INSERT INTO events (stream_name, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const [a, b] = testEvents(2, 'Old');
    insert.run('conversation-1', 0, a!.id, a!.type, '{}', JSON.stringify(a!.metadata));
    insert.run('inbox-x', 0, b!.id, b!.type, '{}', JSON.stringify(b!.metadata));
    old.close();
    const [first, second] = await Promise.all([
      SqliteEventStore.open(file),
      SqliteEventStore.open(file),
    ]);
    try {
      expect(
        (await first.readAll({ filter: { categories: ['conversation'] } })).map((e) => e.id),
      ).toEqual([a!.id]);
      expect((await second.readAll()).map((e) => e.id)).toEqual([a!.id, b!.id]);
      await first.appendToStream('conversation-1', testEvents(1, 'New'), { expectedRevision: 0 });
      expect(await second.readAll({ filter: { types: ['New'] } })).toHaveLength(1);
    } finally {
      await first.close();
      await second.close();
    }
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(1);
    check.close();
  });
});
