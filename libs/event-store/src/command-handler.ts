import { deterministicUuid, type JsonObject } from '@pagedesk/shared';
import type { EventMetadata, ExpectedRevision, RecordedEvent } from './event';
import type { EventStore } from './event-store.port';
import { WrongExpectedVersionError } from './errors';

export interface DomainEvent {
  readonly type: string;
  readonly data: object;
}

export interface Decider<State, Command, Event extends DomainEvent> {
  readonly decide: (command: Command, state: State) => Event[];
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: () => State;
}

/** Who asked and why: becomes each event's metadata. `now` is the one clock reading for the whole command. */
export interface CommandContext {
  readonly correlationId: string;
  readonly causationId: string;
  readonly actor: string;
  readonly now: string;
}

export interface EventCodec<Event extends DomainEvent> {
  /** Stored → domain, upcasting old schema versions. */
  readonly decode: (event: RecordedEvent) => Event;
  /** Extra metadata stored with each new event, e.g. its schema version. */
  readonly metadataOf?: (event: Event) => Record<string, string | number>;
}

export interface CommandResult<State, Event> {
  readonly newEvents: readonly Event[];
  readonly newState: State;
  readonly nextExpectedRevision: number | undefined;
  readonly globalPosition: number | undefined;
}

const MAX_ATTEMPTS = 5;

/**
 * Load → decide → append with the revision that was read. On a concurrent
 * write it starts over from a fresh read, so decide() always judges the
 * latest state (the loser of a race sees the winner's events and refuses).
 * Event ids derive from the cause and the revision: a command retried after
 * a crash re-appends the same ids, which the store accepts as idempotent.
 */
export async function handleCommand<State, Command, Event extends DomainEvent>(
  store: EventStore,
  streamName: string,
  decider: Decider<State, Command, Event>,
  codec: EventCodec<Event>,
  command: Command,
  context: CommandContext,
  options: Pick<HandleCommandsOptions<State>, 'cache' | 'read'> = {},
): Promise<CommandResult<State, Event>> {
  return handleCommands(store, streamName, decider, codec, [command], context, options);
}

export interface HandleCommandsOptions<State> {
  /** Rejections that skip their command instead of failing the whole batch. */
  readonly tolerate?: (error: unknown) => boolean;
  /** Folded states to start from, so only newer events are read. */
  readonly cache?: StateCache<State>;
  /**
   * What aggregateStream returned for this stream moments ago, handed over
   * so the first attempt decides on it as on its own read: an append expects
   * its revision, a no-op is decided on that same fresh read.
   */
  readonly read?: StreamRead<State>;
}

/** A stream's state exactly as one read found it, at that revision (undefined: no stream). */
export interface StreamRead<State> {
  readonly state: State;
  readonly revision: number | undefined;
}

/**
 * Several commands decided one after another on the same state and appended
 * together: one read and one write where a sequence of handleCommand calls
 * would pay one of each per command (opening a conversation is three).
 * `tolerate` names rejections that skip their command instead of failing
 * the whole batch; any other rejection appends nothing.
 *
 * When the cache holds the state at a revision this handle appended itself,
 * the commands are decided on it without reading the stream: the append's
 * expected revision proves it current, and a conflict (another writer came
 * first) falls back to a read. Only an append proves it, so a decision that
 * would append nothing (a refusal, a no-op) is made again on a fresh read.
 * A read the caller hands over (`read`) is such a fresh read: decided on
 * first, in place of both.
 */
export async function handleCommands<State, Command, Event extends DomainEvent>(
  store: EventStore,
  streamName: string,
  decider: Decider<State, Command, Event>,
  codec: EventCodec<Event>,
  commands: readonly Command[],
  context: CommandContext,
  { tolerate = () => false, cache, read }: HandleCommandsOptions<State> = {},
): Promise<CommandResult<State, Event>> {
  let unread = read ? undefined : cache?.appendedHere(streamName);
  let handed = read;
  for (let attempt = 1; ;) {
    const trusted = unread;
    unread = undefined;
    const fresh = handed;
    handed = undefined;
    const { state, revision } =
      trusted ?? fresh ?? (await aggregateStream(store, streamName, decider, codec, cache));
    let decided: { newEvents: Event[]; newState: State };
    try {
      decided = decideAll(decider, commands, state, tolerate);
    } catch (error) {
      if (trusted) continue;
      throw error;
    }
    const { newEvents, newState } = decided;
    if (newEvents.length === 0) {
      if (trusted) continue;
      return { newEvents, newState, nextExpectedRevision: revision, globalPosition: undefined };
    }
    const expectedRevision: ExpectedRevision = revision ?? 'no_stream';
    try {
      const result = await store.appendToStream(
        streamName,
        newEvents.map((event, i) => ({
          id: deterministicUuid(`${context.causationId}|${streamName}|${expectedRevision}|${i}`),
          type: event.type,
          data: event.data as JsonObject,
          metadata: metadataFor(context, codec.metadataOf?.(event)),
        })),
        { expectedRevision },
      );
      cache?.appended(streamName, {
        state: newState,
        revision: result.nextExpectedRevision,
        types: newEvents.map((event) => event.type),
      });
      return { newEvents, newState, ...result };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      // The trusted state was stale: that try costs no attempt of the bounded retries.
      if (!trusted && ++attempt > MAX_ATTEMPTS) throw error;
    }
  }
}

function decideAll<State, Command, Event extends DomainEvent>(
  decider: Decider<State, Command, Event>,
  commands: readonly Command[],
  initial: State,
  tolerate: (error: unknown) => boolean,
): { newEvents: Event[]; newState: State } {
  const newEvents: Event[] = [];
  let newState = initial;
  for (const command of commands) {
    let decided: Event[];
    try {
      decided = decider.decide(command, newState);
    } catch (error) {
      if (!tolerate(error)) throw error;
      continue;
    }
    newEvents.push(...decided);
    newState = decided.reduce(decider.evolve, newState);
  }
  return { newEvents, newState };
}

/**
 * The stream's state: its events folded from the start, or from a cached
 * state on with only the events appended since. Other writers (another
 * thread, another process) are no problem: the log only grows, so the events
 * after the cached revision are always exactly what the cache lacks.
 */
export async function aggregateStream<State, Command, Event extends DomainEvent>(
  store: EventStore,
  streamName: string,
  decider: Decider<State, Command, Event>,
  codec: EventCodec<Event>,
  cache?: StateCache<State>,
): Promise<StreamRead<State>> {
  const cached = cache?.get(streamName);
  // No events and no cached state is a stream not yet written: its initial state, no revision.
  // A cached stream exists (streams are never removed), so no events there means nothing new.
  const stored = await store.readStream(
    streamName,
    cached ? { fromRevision: cached.revision + 1, ifMissing: 'empty' } : { ifMissing: 'empty' },
  );
  const state = stored.reduce(
    (s, e) => decider.evolve(s, codec.decode(e)),
    cached ? cached.state : decider.initialState(),
  );
  const revision = stored[stored.length - 1]?.revision ?? cached?.revision;
  // Nothing new: the entry stays as it was, still marked if this handle appended its revision.
  if (cache && revision !== undefined && stored.length > 0)
    cache.set(streamName, { state, revision });
  return { state, revision };
}

/**
 * The state at `event`, folded onto the cached state just before it: what a
 * read of the stream's tail would find up to there, for a subscriber handed
 * the event itself (another writer's), without the read. Undefined when the
 * cache does not hold the stream exactly one event behind.
 */
export function foldHanded<State, Command, Event extends DomainEvent>(
  cache: StateCache<State>,
  decider: Decider<State, Command, Event>,
  codec: EventCodec<Event>,
  event: RecordedEvent,
): StreamRead<State> | undefined {
  const cached = cache.get(event.streamName);
  if (cached?.revision !== event.revision - 1) return undefined;
  const state = decider.evolve(cached.state, codec.decode(event));
  cache.set(event.streamName, { state, revision: event.revision });
  return { state, revision: event.revision };
}

interface CachedState<State> {
  readonly state: State;
  readonly revision: number;
  /** This handle appended the event at `revision` and has seen none after it. */
  readonly appendedHere?: true;
  /**
   * With appendedHere: the types of the events up to `revision` that this
   * handle appended in a row since it last read the stream, oldest first (the
   * last APPENDED_TYPES_KEPT), so a reader of the log can tell what follows
   * an event of them without reading.
   */
  readonly appendedTypes?: readonly string[];
}

/** Enough for a conversation's first message and its profile (four events), and a little more. */
const APPENDED_TYPES_KEPT = 8;

/**
 * The most recently used streams' folded states. Deciders are pure and
 * states immutable, so a cached state is shared, never copied. One per store
 * handle and decider.
 */
export class StateCache<State> {
  private readonly entries = new Map<string, CachedState<State>>();

  /** `retains` says which states are worth keeping: a finished aggregate's is not (docs/memory.md). */
  constructor(
    private readonly maxStreams = 5_000,
    private readonly retains: (state: State) => boolean = () => true,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(streamName: string): CachedState<State> | undefined {
    const entry = this.entries.get(streamName);
    if (entry) {
      // Map keeps insertion order: re-inserting makes it the most recent.
      this.entries.delete(streamName);
      this.entries.set(streamName, entry);
    }
    return entry;
  }

  /** The entry when its revision is this handle's own last append: a command may decide on it unread. */
  appendedHere(streamName: string): CachedState<State> | undefined {
    const entry = this.get(streamName);
    return entry?.appendedHere ? entry : undefined;
  }

  /** Drops the stream's entry: its aggregate has finished elsewhere (another thread's command). */
  forget(streamName: string): void {
    this.entries.delete(streamName);
  }

  /**
   * The state this handle's append of `types` left; a read that already went
   * further (another writer's events) is kept. Right after its own previous
   * append, the types of both are kept.
   */
  appended(
    streamName: string,
    { state, revision, types }: { state: State; revision: number; types: readonly string[] },
  ): void {
    const known = this.entries.get(streamName);
    if (known && known.revision >= revision) return;
    const follows = known?.appendedHere && known.revision === revision - types.length;
    const kept = follows ? [...(known.appendedTypes ?? []), ...types] : types;
    const appendedTypes =
      kept.length > APPENDED_TYPES_KEPT ? kept.slice(-APPENDED_TYPES_KEPT) : kept;
    this.set(streamName, { state, revision, appendedHere: true, appendedTypes });
  }

  set(streamName: string, entry: CachedState<State>): void {
    this.entries.delete(streamName);
    if (!this.retains(entry.state)) return;
    this.entries.set(streamName, entry);
    if (this.entries.size > this.maxStreams)
      this.entries.delete(this.entries.keys().next().value as string);
  }
}

function metadataFor(
  context: CommandContext,
  extra: Record<string, string | number> = {},
): EventMetadata {
  return {
    correlationId: context.correlationId,
    causationId: context.causationId,
    actor: context.actor,
    recordedAt: context.now,
    ...extra,
  };
}
