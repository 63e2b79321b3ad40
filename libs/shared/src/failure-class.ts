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

/**
 * PostgreSQL's SQLSTATEs for faults of the moment: connection exceptions
 * (class 08) and insufficient resources (53: too many connections, disk or
 * memory full), an administrator or crash shutdown (57P01-57P03), a lost
 * serialization or deadlock race (40001, 40P01), and a statement or lock
 * timeout (57014, 55P03), as client-side timeouts are. Not 08P01: a protocol
 * violation is our own bug (e.g. a wrong parameter count), not the network's.
 * Every other SQLSTATE (constraint violations, syntax, a missing table) is permanent.
 */
const TRANSIENT_SQLSTATE_CLASSES = new Set(['08', '53']);
const TRANSIENT_SQLSTATES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '40001',
  '40P01',
  '57014',
  '55P03',
]);
const SQLSTATE = /^[0-9A-Z]{5}$/;

function isTransientSqlState(code: string): boolean {
  if (!SQLSTATE.test(code) || code === '08P01') return false;
  return TRANSIENT_SQLSTATE_CLASSES.has(code.slice(0, 2)) || TRANSIENT_SQLSTATES.has(code);
}

export function failureClass(error: unknown): FailureClass {
  if (typeof error !== 'object' || error === null) return 'permanent';
  const transient = (error as Partial<SaysIfTransient>).transient;
  if (typeof transient === 'boolean') return transient ? 'transient' : 'permanent';
  if (isAppError(error)) return TRANSIENT_CODES.has(error.code) ? 'transient' : 'permanent';
  const { code, name } = error as { code?: unknown; name?: unknown };
  if (typeof code === 'string' && TRANSIENT_SYSTEM_CODES.has(code)) return 'transient';
  if (typeof code === 'string' && isTransientSqlState(code)) return 'transient';
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
