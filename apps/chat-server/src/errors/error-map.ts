import { HttpException, HttpStatus } from '@nestjs/common';
import { AppError, type ErrorCode } from '@pagedesk/shared';

/** The one place where error codes become HTTP statuses and socket acks. */
const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  invalid: HttpStatus.BAD_REQUEST,
  unauthorized: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  capacity: HttpStatus.CONFLICT,
  too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  rate_limited: HttpStatus.TOO_MANY_REQUESTS,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  internal: HttpStatus.INTERNAL_SERVER_ERROR,
  gone: HttpStatus.GONE,
};

const CODE_BY_STATUS: Readonly<Record<number, ErrorCode>> = Object.fromEntries(
  Object.entries(STATUS_BY_CODE)
    .filter(([code]) => code !== 'capacity')
    .map(([code, status]) => [status, code as ErrorCode]),
);

export interface ErrorBody {
  readonly error: { readonly code: ErrorCode; readonly message: string };
}

export interface MappedError {
  readonly status: number;
  readonly body: ErrorBody;
  /** Unexpected errors are logged; the caller never sees their internals. */
  readonly unexpected: boolean;
}

export function mapError(error: unknown): MappedError {
  if (error instanceof AppError) {
    return {
      status: STATUS_BY_CODE[error.code],
      body: body(error.code, error.message),
      unexpected: error.code === 'internal',
    };
  }
  const status = httpStatusOf(error);
  if (status !== undefined && status < 500) {
    const code = CODE_BY_STATUS[status] ?? 'invalid';
    return { status, body: body(code, messageOf(error)), unexpected: false };
  }
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    body: body('internal', 'internal error'),
    unexpected: true,
  };
}

export const toSocketAck = (error: unknown) => ({
  ok: false as const,
  error: mapError(error).body.error,
});

const body = (code: ErrorCode, message: string): ErrorBody => ({ error: { code, message } });

/** Nest's HttpExceptions and body-parser's errors (413, 400) carry a status. */
function httpStatusOf(error: unknown): number | undefined {
  if (error instanceof HttpException) return error.getStatus();
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

function messageOf(error: unknown): string {
  if (error instanceof HttpException) {
    const response = error.getResponse() as { message?: unknown } | string;
    const message = typeof response === 'string' ? response : response.message;
    return Array.isArray(message) ? message.join('; ') : String(message ?? error.message);
  }
  const type = (error as { type?: unknown }).type;
  if (type === 'entity.too.large') return 'request body is too large';
  if (type === 'entity.parse.failed') return 'request body is not valid JSON';
  return (error as Error).message ?? 'bad request';
}
