import type { ErrorCode } from '@pagedesk/contracts';

/**
 * One error taxonomy for the whole product; the codes are part of the published contract
 * (libs/contracts/src/error-codes.ts). The mapping to HTTP statuses and socket acks lives in
 * apps/chat-server/src/errors.
 */
export { ERROR_CODES, type ErrorCode } from '@pagedesk/contracts';

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
