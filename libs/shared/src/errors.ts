/**
 * One error taxonomy for the whole product. Codes are part of the public
 * contract (HTTP bodies, socket acks): never rename one, only add.
 * The mapping to HTTP statuses and socket acks lives in apps/chat-server/src/errors.
 */
export const ERROR_CODES = [
  'invalid',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'capacity',
  'too_large',
  'rate_limited',
  'unavailable',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;
