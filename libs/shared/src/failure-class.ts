import { isAppError, type ErrorCode } from './errors';

/**
 * What a background part does with a failure: a transient one (the store
 * busy or away, a timeout, Facebook overloaded) is retried until it passes;
 * a permanent one (the input cannot be applied by its nature) is set aside
 * so the rest goes on.
 */
export type FailureClass = 'transient' | 'permanent';

/** An error that knows better than its code, e.g. a lost optimistic-concurrency race ('conflict' but worth retrying). */
export interface SaysIfTransient {
  readonly transient: boolean;
}

const TRANSIENT_CODES: ReadonlySet<ErrorCode> = new Set([
  'unavailable',
  'rate_limited',
  'capacity',
]);
/** Node's and SQLite's names for faults of the moment, when they reach us unwrapped. */
const TRANSIENT_SYSTEM_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
]);
const TRANSIENT_NAMES = new Set(['TimeoutError']);

export function failureClass(error: unknown): FailureClass {
  if (typeof error !== 'object' || error === null) return 'permanent';
  const transient = (error as Partial<SaysIfTransient>).transient;
  if (typeof transient === 'boolean') return transient ? 'transient' : 'permanent';
  if (isAppError(error)) return TRANSIENT_CODES.has(error.code) ? 'transient' : 'permanent';
  const { code, name } = error as { code?: unknown; name?: unknown };
  if (typeof code === 'string' && TRANSIENT_SYSTEM_CODES.has(code)) return 'transient';
  if (typeof name === 'string' && TRANSIENT_NAMES.has(name)) return 'transient';
  return 'permanent';
}

/** A short, stable label for why an item failed: the domain's reason, else the taxonomy's code. */
export function failureReason(error: unknown): string {
  if (isAppError(error)) {
    const reason = error.details?.reason;
    return typeof reason === 'string' ? reason : error.code;
  }
  return 'internal';
}
