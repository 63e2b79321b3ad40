import { EventStoreDBClient } from '@eventstore/db-client';
import { EsdbStandin } from '@pagedesk/test-support/esdb-standin';
import { createEventStore } from '../create-event-store';
import type { RecordedEvent } from '../event';
import type { EventStore } from '../event-store.port';
import { EventStoreUnavailableError, InvalidEventStoreArgumentError } from '../errors';
import { eventStoreContract } from '../testing/event-store.contract';
import { testEvent, testEvents, uniqueStream } from '../testing/events';
import type { EventStoreFixture } from '../testing/fixture';
import { EsdbEventStore } from './esdb-event-store';

/** Every open() gets a store on `connectionString()`; reopen() is a second client on the same server. */
function esdbFixture(
  name: string,
  server: () => Promise<{ connectionString: string; stop(): Promise<void> }>,
): EventStoreFixture {
  return {
    name,
    async open() {
      const { connectionString, stop } = await server();
      const handles: EventStore[] = [await EsdbEventStore.connect(connectionString)];
      return {
        store: handles[0]!,
        childEnv: { EVENTSTORE_CONNECTION_STRING: connectionString },
        async reopen() {
          handles.push(await EsdbEventStore.connect(connectionString));
          return handles[handles.length - 1]!;
        },
        async dispose() {
          await Promise.all(handles.map((handle) => handle.close()));
          await stop();
        },
      };
    },
  };
}

/** A fresh stand-in per open(), already holding system events as a new EventStoreDB node does. */
const freshStandin = (batchAppend: boolean) => async () => {
  const standin = await EsdbStandin.start({ batchAppend });
  standin.appendSystemEvent('$settings', '$update-default-acl');
  return { connectionString: standin.connectionString, stop: () => standin.stop() };
};

eventStoreContract(
  esdbFixture('EventStoreDB adapter, in-process stand-in, BatchAppend path', freshStandin(true)),
);
eventStoreContract(
  esdbFixture('EventStoreDB adapter, in-process stand-in, Append path', freshStandin(false)),
);

const realServer = process.env.EVENTSTORE_TEST_CONNECTION_STRING;
// The contract only looks past the head it sees at the start of each test, so a shared, non-empty server is fine.
(realServer ? describe : describe.skip)(
  'real EventStoreDB (skipped unless EVENTSTORE_TEST_CONNECTION_STRING is set)',
  () => {
    eventStoreContract(
      esdbFixture('EventStoreDB adapter, real server', async () => ({
        connectionString: realServer!,
        stop: async () => undefined,
      })),
    );
  },
);

describe('EventStoreDB adapter: gRPC usage and faults (stand-in)', () => {
  let standin: EsdbStandin;
  let store: EsdbEventStore;

  beforeEach(async () => {
    standin = await EsdbStandin.start({ batchAppend: true });
    store = await EsdbEventStore.connect(standin.connectionString);
  });
  afterEach(async () => {
    await store.close();
    await standin.stop();
  });

  it('probes ServerFeatures once and then appends over BatchAppend; reads go through Streams.Read', async () => {
    const stream = uniqueStream();
    await store.appendToStream(stream, testEvents(1), { expectedRevision: 'no_stream' });
    await store.appendToStream(stream, testEvents(1), { expectedRevision: 0 });
    await store.readStream(stream);
    expect(standin.calls).toEqual([
      'ServerFeatures.GetSupportedMethods',
      'Streams.BatchAppend',
      'Streams.Read',
    ]);
  });

  it('falls back to Streams.Append when the server has no ServerFeatures service', async () => {
    const old = await EsdbStandin.start({ batchAppend: false });
    const oldStore = await EsdbEventStore.connect(old.connectionString);
    try {
      await oldStore.appendToStream(uniqueStream(), testEvents(2), {
        expectedRevision: 'no_stream',
      });
      expect(old.calls).toEqual(['Streams.Append']);
    } finally {
      await oldStore.close();
      await old.stop();
    }
  });

  it('stores our id as the event id and our metadata as the event metadata JSON', async () => {
    const stream = uniqueStream('conversation');
    const [event] = testEvents(1);
    await store.appendToStream(stream, [event!], { expectedRevision: 'no_stream' });
    const client = EventStoreDBClient.connectionString(standin.connectionString);
    try {
      const stored = [];
      for await (const resolved of client.readStream(stream)) stored.push(resolved.event);
      expect(stored).toMatchObject([
        {
          id: event!.id,
          streamId: stream,
          type: event!.type,
          isJson: true,
          data: event!.data,
          metadata: event!.metadata,
        },
      ]);
    } finally {
      await client.dispose();
    }
  });

  it('leaves system events out of readAll, headPosition and subscriptions', async () => {
    const stream = uniqueStream();
    standin.appendSystemEvent('$stats-127.0.0.1:2113', '$statsCollected');
    await store.appendToStream(stream, testEvents(1), { expectedRevision: 'no_stream' });
    standin.appendSystemEvent('$$' + stream, '$metadata');
    await store.appendToStream(stream, testEvents(1), { expectedRevision: 0 });
    standin.appendSystemEvent('$ce-contract', '$>');
    const all = await store.readAll();
    expect(all.map((e) => [e.streamName, e.revision])).toEqual([
      [stream, 0],
      [stream, 1],
    ]);
    expect(await store.headPosition()).toBe(all[1]!.globalPosition);
    const seen = await collectUntil(store, 2);
    expect(seen.map((e) => e.id)).toEqual(all.map((e) => e.id));
  });

  it('reports caught-up once the backlog up to the head is delivered', async () => {
    const stream = uniqueStream();
    await store.appendToStream(stream, testEvents(5), { expectedRevision: 'no_stream' });
    const head = await store.headPosition();
    const delivered: number[] = [];
    const caughtUp = new Promise<number | undefined>((resolve) => {
      store.subscribeToAll(async (event) => void delivered.push(event.globalPosition), {
        onCaughtUp: resolve,
      });
    });
    expect(await caughtUp).toBe(head);
    expect(delivered).toHaveLength(5);
  });

  it('resubscribes after the server drops its streams, from the last delivered event: no gap, no duplicate', async () => {
    const stream = uniqueStream();
    await store.appendToStream(stream, testEvents(60), { expectedRevision: 'no_stream' });
    const received: RecordedEvent[] = [];
    const done = new Promise<void>((resolve) => {
      const subscription = store.subscribeToAll(async (event) => {
        received.push(event);
        if (received.length === 10) standin.dropLiveStreams();
        if (received.length % 5 === 0) await new Promise((r) => setTimeout(r, 5));
        if (received.length === 80) {
          await subscription.stop();
          resolve();
        }
      });
    });
    await waitFor(() => received.length >= 10);
    // The drop also ends the client's shared BatchAppend stream; a retry of the same ids is idempotent.
    const more = testEvents(20);
    await store
      .appendToStream(stream, more, { expectedRevision: 59 })
      .catch(() => store.appendToStream(stream, more, { expectedRevision: 59 }));
    await done;
    expect(received.map((e) => e.revision)).toEqual(Array.from({ length: 80 }, (_, i) => i));
    expect(standin.calls.filter((c) => c === 'Streams.Read').length).toBeGreaterThan(2);
  });

  it('survives a server restart: fails appends while down, then resumes the subscription without gap or duplicate', async () => {
    const stream = uniqueStream();
    await store.appendToStream(stream, testEvents(5), { expectedRevision: 'no_stream' });
    const received: RecordedEvent[] = [];
    const subscription = store.subscribeToAll(async (event) => void received.push(event));
    await waitFor(() => received.length === 5);

    await standin.stop();
    const whileDown = store.appendToStream(stream, testEvents(1), { expectedRevision: 4 });
    await expect(whileDown).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(whileDown).rejects.toThrow(
      `EventStoreDB at 127.0.0.1:${standin.port} is unavailable`,
    );
    await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailableError);

    await standin.restart();
    await store.appendToStream(stream, testEvents(5), { expectedRevision: 4 });
    await waitFor(() => received.length >= 10);
    await subscription.stop();
    expect(received.map((e) => e.revision)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    await expect(store.readStream(stream)).resolves.toHaveLength(10);
  });

  it('ping names the host but never the password when the server is unreachable', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
    const port = standin.port;
    await standin.stop();
    const secretStore = await EsdbEventStore.connect(
      `esdb://admin:s3cr3t-pw@127.0.0.1:${port}?tls=false`,
    );
    try {
      const error = await secretStore.ping().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EventStoreUnavailableError);
      expect((error as Error).message).toContain(`127.0.0.1:${port}`);
      expect(
        JSON.stringify({ message: (error as Error).message, ...(error as object) }),
      ).not.toContain('s3cr3t-pw');
    } finally {
      await secretStore.close();
    }
  });

  it('rejects a malformed connection string without echoing it', async () => {
    const error = await EsdbEventStore.connect(
      'esdb://admin:s3cr3t-pw@127.0.0.1:2113?nodePreference=nonsense',
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidEventStoreArgumentError);
    expect((error as Error).message).toContain('127.0.0.1:2113');
    expect((error as Error).message).not.toContain('s3cr3t-pw');
  });

  it('is what createEventStore builds for an esdb config', async () => {
    const created = await createEventStore({
      kind: 'esdb',
      connectionString: standin.connectionString,
    });
    try {
      expect(created).toBeInstanceOf(EsdbEventStore);
      await created.appendToStream(uniqueStream(), [testEvent()], {
        expectedRevision: 'no_stream',
      });
    } finally {
      await created.close();
    }
  });
});

async function collectUntil(store: EventStore, count: number): Promise<RecordedEvent[]> {
  const seen: RecordedEvent[] = [];
  await new Promise<void>((resolve) => {
    const subscription = store.subscribeToAll(async (event) => {
      seen.push(event);
      if (seen.length === count) {
        await subscription.stop();
        resolve();
      }
    });
  });
  return seen;
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
