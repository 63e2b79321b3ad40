import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  type AppendExpectedRevision,
  type JSONEventData,
  type Position,
  type ResolvedEvent,
} from '@eventstore/db-client';
import type { JsonObject } from '@pagedesk/shared';
import type { EventMetadata, EventToAppend, ExpectedRevision, RecordedEvent } from '../event';
import { EventStoreUnavailableError } from '../errors';

/** The client's event record as both read paths hand it over. */
type ClientRecordedEvent = NonNullable<ResolvedEvent['event']>;

export function toClientExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'any':
      return ANY;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
}

/**
 * Metadata goes over as the bytes serialiseEvents already produced (the client passes a
 * plain Uint8Array through untouched); data must stay an object because only then does
 * the client label the event application/json, which EventStoreDB's projections need.
 */
export function toEventData(event: EventToAppend, serialisedMetadata: string): JSONEventData {
  return {
    id: event.id,
    type: event.type,
    contentType: 'application/json',
    data: event.data,
    metadata: new Uint8Array(Buffer.from(serialisedMetadata, 'utf8')),
  };
}

/** `$`-prefixed types and streams belong to EventStoreDB itself ($settings, $stats-…, $> links, …). */
export const isSystemEvent = (event: ClientRecordedEvent): boolean =>
  event.type.startsWith('$') || event.streamId.startsWith('$');

export function toRecordedEvent(event: ClientRecordedEvent): RecordedEvent {
  if (!event.isJson)
    throw new EventStoreUnavailableError(`event ${event.id} in ${event.streamId} is not JSON`);
  if (!event.position) {
    throw new EventStoreUnavailableError(
      'EventStoreDB did not report a $all position: version 22.10 or later is needed',
    );
  }
  return {
    id: event.id,
    type: event.type,
    data: event.data as JsonObject,
    metadata: event.metadata as EventMetadata,
    streamName: event.streamId,
    revision: toNumber(event.revision, 'revision'),
    globalPosition: toNumber(event.position.commit, 'commit position'),
  };
}

/** Servers older than 22.10 send 2^64-1 where a stream read has no $all position. */
export function toNumber(value: bigint, what: string): number {
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new EventStoreUnavailableError(
      `EventStoreDB returned a ${what} outside the safe integer range: ${value}`,
    );
  }
  return Number(value);
}

/**
 * Our positions are commit positions. Each event EventStoreDB writes outside an explicit
 * (TCP-era) transaction has equal commit and prepare positions, so one number is a whole position.
 */
export const toClientPosition = (commit: number): Position => ({
  commit: BigInt(commit),
  prepare: BigInt(commit),
});
