import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  type AllStreamResolvedEvent,
  type ResolvedEvent,
  type StreamingRead,
} from '@eventstore/db-client';
import type {
  AppendResult,
  EventHandler,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
  Subscription,
} from '../event';
import type { EventStore } from '../event-store.port';
import {
  EventStoreUnavailableError,
  InvalidEventStoreArgumentError,
  StreamNotFoundError,
} from '../errors';
import {
  assertExpectedRevision,
  assertReadAllOptions,
  assertReadStreamOptions,
  assertStreamName,
  matchesFilter,
  serialiseEvents,
} from '../validation';
import { hostOf } from './connection-string';
import { toStoreError, unavailable, type ErrorContext } from './esdb-errors';
import {
  isSystemEvent,
  toClientExpectedRevision,
  toClientPosition,
  toEventData,
  toNumber,
  toRecordedEvent,
} from './esdb-mapping';
import { EsdbSubscription } from './esdb-subscription';

type ClientRecordedEvent = NonNullable<ResolvedEvent['event']>;

const PING_TIMEOUT_MS = 5_000;

/** EventStoreDB behind our port, on @eventstore/db-client (gRPC). */
export class EsdbEventStore implements EventStore {
  private readonly subscriptions = new Set<EsdbSubscription>();
  private readonly context: ErrorContext;

  private constructor(
    private readonly client: EventStoreDBClient,
    connectionString: string,
  ) {
    this.context = { connectionString, host: hostOf(connectionString) };
  }

  /** Connects lazily: an unreachable server shows up in ping() and in each call, not here. */
  static async connect(connectionString: string): Promise<EsdbEventStore> {
    try {
      return new EsdbEventStore(
        EventStoreDBClient.connectionString(connectionString),
        connectionString,
      );
    } catch {
      // The client's parse errors quote the whole string, credentials included.
      throw new InvalidEventStoreArgumentError(
        `EVENTSTORE_CONNECTION_STRING (host ${hostOf(connectionString)}) is not a valid esdb:// connection string`,
      );
    }
  }

  async appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options: { readonly expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    assertStreamName(streamName);
    const expectedRevision: unknown = options?.expectedRevision;
    assertExpectedRevision(expectedRevision);
    const serialised = serialiseEvents(events);
    const eventData = events.map((event, i) => toEventData(event, serialised[i].metadata));
    try {
      const result = await this.client.appendToStream(streamName, eventData, {
        expectedRevision: toClientExpectedRevision(expectedRevision),
      });
      const nextExpectedRevision = toNumber(result.nextExpectedRevision, 'revision');
      const globalPosition = result.position
        ? toNumber(result.position.commit, 'commit position')
        : await this.positionOf(streamName, nextExpectedRevision);
      return { nextExpectedRevision, globalPosition };
    } catch (error) {
      throw toStoreError(error, { ...this.context, streamName, expectedRevision });
    }
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    assertStreamName(streamName);
    assertReadStreamOptions(options);
    const backwards = options.direction === 'backwards';
    const read = this.client.readStream(streamName, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision:
        options.fromRevision === undefined
          ? backwards
            ? END
            : START
          : BigInt(options.fromRevision),
      maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
    });
    try {
      return (await collect(read, () => true, options.maxCount)).map(toRecordedEvent);
    } catch (error) {
      const converted = toStoreError(error, { ...this.context, streamName });
      // The client answers a missing stream only with an error: turned into no events here.
      if (converted instanceof StreamNotFoundError && options.ifMissing === 'empty') return [];
      throw converted;
    }
  }

  /**
   * The client (6.x) cannot filter reads of $all, so system events and a
   * filter's left-outs are dropped here; subscriptions filter on the server.
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    assertReadAllOptions(options);
    const { after, maxCount, filter } = options;
    const wanted = (event: ClientRecordedEvent) =>
      matchesFilter(filter, { type: event.type, streamName: event.streamId });
    // EventStoreDB reads $all from a position inclusively; ours is exclusive.
    const isNew = (event: ClientRecordedEvent) =>
      after === undefined || event.position!.commit > BigInt(after);
    const read = this.client.readAll({
      fromPosition: after === undefined ? START : toClientPosition(after),
    });
    try {
      return (
        await collect(
          read,
          (event) => !isSystemEvent(event) && isNew(event) && wanted(event),
          maxCount,
        )
      ).map(toRecordedEvent);
    } catch (error) {
      throw toStoreError(error, this.context);
    }
  }

  async headPosition(): Promise<number | undefined> {
    try {
      return await this.readHead();
    } catch (error) {
      throw toStoreError(error, this.context);
    }
  }

  subscribeToAll(handler: EventHandler, options: SubscribeToAllOptions = {}): Subscription {
    assertReadAllOptions({ after: options.after, filter: options.filter });
    const subscription = new EsdbSubscription(
      { client: this.client, errorContext: this.context, headPosition: () => this.readHead() },
      handler,
      options,
    );
    this.subscriptions.add(subscription);
    void subscription.done.then(
      () => this.subscriptions.delete(subscription),
      () => this.subscriptions.delete(subscription),
    );
    return subscription;
  }

  /** Reads the newest entry of $all: needs a live connection and read access, and nothing else. */
  async ping(): Promise<void> {
    const read = this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)),
        PING_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([collect(read, () => true, 1), timeout]);
    } catch (error) {
      void read.cancel();
      throw unavailable(error, this.context);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  private async readHead(): Promise<number | undefined> {
    const read = this.client.readAll({ direction: BACKWARDS, fromPosition: END });
    const [newest] = await collect(read, (event) => !isSystemEvent(event), 1);
    return newest ? toNumber(newest.position!.commit, 'commit position') : undefined;
  }

  /** Appends retried idempotently may come back without a position: the stored event has it. */
  private async positionOf(streamName: string, revision: number): Promise<number> {
    const read = this.client.readStream(streamName, {
      fromRevision: BigInt(revision),
      maxCount: 1,
    });
    const [event] = await collect(read, () => true, 1);
    if (!event)
      throw new EventStoreUnavailableError(
        `${streamName}@${revision} was acknowledged but cannot be read`,
      );
    return toRecordedEvent(event).globalPosition;
  }
}

/** Drains a read into memory, cancelling it on the server once `limit` events were kept. */
async function collect(
  read: StreamingRead<ResolvedEvent | AllStreamResolvedEvent>,
  keep: (event: ClientRecordedEvent) => boolean,
  limit = Number.POSITIVE_INFINITY,
): Promise<ClientRecordedEvent[]> {
  const kept: ClientRecordedEvent[] = [];
  for await (const { event } of read) {
    if (event && keep(event)) kept.push(event);
    if (kept.length >= limit) {
      await read.cancel();
      break;
    }
  }
  return kept;
}
