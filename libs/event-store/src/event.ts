import type { JsonObject, JsonValue } from '@pagedesk/shared';

/** Who or what caused an event: an agent/user id, `facebook`, `scheduler`, `system`, … */
export type Actor = string;

export interface EventMetadata {
  readonly correlationId: string;
  readonly causationId: string;
  readonly actor: Actor;
  /** ISO-8601 time at which the event was recorded (taken from the command's `now`). */
  readonly recordedAt: string;
  readonly [key: string]: JsonValue | undefined;
}

export interface EventToAppend {
  /** uuid; re-appending the same ids at the same expected revision is an idempotent success. */
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: EventMetadata;
}

export interface RecordedEvent extends EventToAppend {
  readonly streamName: string;
  /** 0-based position of the event in its stream. */
  readonly revision: number;
  /** Strictly increasing position in the global log (unique per event, not dense). */
  readonly globalPosition: number;
}

/** Where an append expects the stream to be; a number is the revision of the stream's last event. */
export type ExpectedRevision = 'no_stream' | 'any' | 'stream_exists' | number;

export interface AppendResult {
  /** Revision of the last event now in the stream: pass it as the next expected revision. */
  readonly nextExpectedRevision: number;
  /** Global position of the last appended event. */
  readonly globalPosition: number;
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive; defaults to the start (forwards) or the end (backwards). */
  readonly fromRevision?: number;
  readonly maxCount?: number;
  /**
   * A stream with no events: rejected with StreamNotFoundError (the default),
   * or answered with no events, for a reader to whom a new stream is the
   * common case (a command's first read): no error built, no second query.
   */
  readonly ifMissing?: 'reject' | 'empty';
}

/**
 * The events a reader wants. The store leaves the others out where it keeps
 * them (an index, a server-side filter), so a reader never pays to decode
 * what it would ignore. With both lists an event must match both.
 */
export interface EventFilter {
  /** Exact event types. */
  readonly types?: readonly string[];
  /** Stream categories: the part of the stream name before its first dash (`conversation`, `page`). */
  readonly categories?: readonly string[];
}

export interface ReadAllOptions {
  /** Exclusive: read events after this global position (default: from the very beginning). */
  readonly after?: number;
  /** Counts matching events only. */
  readonly maxCount?: number;
  readonly filter?: EventFilter;
}

export interface SubscribeToAllOptions {
  /** Exclusive: the position of the last event the subscriber already processed. */
  readonly after?: number;
  /** Only these events are delivered; progress past the others is still reported. */
  readonly filter?: EventFilter;
  /**
   * Called each time the subscription has delivered everything stored so far,
   * with the position the log has been read to: past the last delivered event
   * when the filter left out the ones after it.
   */
  readonly onCaughtUp?: (position: number | undefined) => void;
  /**
   * Called when the subscription has read past events the filter left out:
   * every matching event up to `position` has been delivered, so a checkpoint
   * may move there. (A subscription without a filter reports progress through
   * its events.)
   */
  readonly onProgress?: (position: number) => void;
}

export type EventHandler = (event: RecordedEvent) => void | Promise<void>;

export interface Subscription {
  /** Settles when the subscription ends: resolves after stop(), rejects with the handler's or the store's error. */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}
