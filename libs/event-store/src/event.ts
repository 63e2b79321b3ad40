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
}

export interface ReadAllOptions {
  /** Exclusive: read events after this global position (default: from the very beginning). */
  readonly after?: number;
  readonly maxCount?: number;
}

export interface SubscribeToAllOptions {
  /** Exclusive: the position of the last event the subscriber already processed. */
  readonly after?: number;
  /** Called each time the subscription has delivered everything stored so far. */
  readonly onCaughtUp?: (position: number | undefined) => void;
}

export type EventHandler = (event: RecordedEvent) => void | Promise<void>;

export interface Subscription {
  /** Settles when the subscription ends: resolves after stop(), rejects with the handler's or the store's error. */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}
