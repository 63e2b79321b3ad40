import {
  CancelledError,
  convertToCommandError,
  DeadlineExceededError,
  StreamNotFoundError as ClientStreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError as ClientWrongExpectedVersionError,
} from '@eventstore/db-client';
import type { ExpectedRevision } from '../event';
import {
  EventStoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '../errors';
import { redact } from './connection-string';
import { toNumber } from './esdb-mapping';

export interface ErrorContext {
  readonly connectionString: string;
  readonly host: string;
  readonly streamName?: string;
  readonly expectedRevision?: ExpectedRevision;
}

/**
 * The client's errors in our port's terms. The client rejects some calls (its
 * ServerFeatures probe) with raw gRPC errors, hence the conversion first.
 */
export function toStoreError(error: unknown, context: ErrorContext): unknown {
  const converted = error instanceof Error ? convertToCommandError(error) : error;
  if (converted instanceof ClientWrongExpectedVersionError) {
    const actual =
      converted.actualVersion === 'no_stream'
        ? 'no_stream'
        : toNumber(converted.actualVersion, 'revision');
    return new WrongExpectedVersionError(
      converted.streamName,
      context.expectedRevision ?? 'any',
      actual,
    );
  }
  if (converted instanceof ClientStreamNotFoundError)
    return new StreamNotFoundError(context.streamName ?? converted.streamName);
  if (isConnectionFailure(converted)) return unavailable(converted, context);
  return converted;
}

/** Failures worth retrying later: the node went away or did not answer in time. */
export const isConnectionFailure = (error: unknown): boolean =>
  error instanceof UnavailableError ||
  error instanceof DeadlineExceededError ||
  error instanceof CancelledError;

export function unavailable(
  error: unknown,
  context: Pick<ErrorContext, 'connectionString' | 'host'>,
): EventStoreUnavailableError {
  const reason =
    error instanceof Error ? redact(error.message, context.connectionString) : String(error);
  return new EventStoreUnavailableError(
    `EventStoreDB at ${context.host} is unavailable: ${reason}`,
  );
}
