import { AppError } from '@pagedesk/shared';
import type { ExpectedRevision } from './event';

export type ActualRevision = number | 'no_stream';

export class WrongExpectedVersionError extends AppError {
  /** A lost race: reading again and deciding again usually wins the next time. */
  readonly transient = true;

  constructor(
    readonly streamName: string,
    readonly expected: ExpectedRevision,
    readonly actual: ActualRevision,
  ) {
    super('conflict', `stream ${streamName} is at ${actual}, expected ${expected}`, {
      streamName,
      expected,
      actual,
    });
  }
}

export class StreamNotFoundError extends AppError {
  constructor(readonly streamName: string) {
    super('not_found', `stream ${streamName} not found`, { streamName });
  }
}

/** Bad stream name, event or option: nothing was written. */
export class InvalidEventStoreArgumentError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('invalid', message, details);
  }
}

export class EventStoreUnavailableError extends AppError {
  constructor(message: string, cause?: unknown) {
    super('unavailable', message);
    this.cause = cause;
  }
}
