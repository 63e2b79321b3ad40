import { Type } from '@sinclair/typebox';
import { Closed, type Wire } from './schema';

/**
 * One error taxonomy for the whole product, in HTTP bodies and socket acks alike:
 * never rename a code, only add. Statuses are mapped in apps/chat-server/src/errors/error-map.ts.
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
  /** It existed and was removed on purpose (an upload's bytes past their retention). */
  'gone',
] as const;

export const ErrorCode = Type.Union(ERROR_CODES.map((code) => Type.Literal(code)));
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ErrorDetail = Closed({ code: ErrorCode, message: Type.String() });

/** Every REST error: `{ error: { code, message } }`. */
export const ErrorBody = Closed({ error: ErrorDetail });
export type ErrorBody = Wire<typeof ErrorBody>;

/** Codes a socket ack can carry (docs/socket-contract.md): the rest are HTTP-only. */
export const SOCKET_ACK_CODES = [
  'invalid',
  'unauthorized',
  'not_found',
  'forbidden',
  'conflict',
  'capacity',
  'unavailable',
  'internal',
] as const satisfies readonly ErrorCode[];

/** Codes of a refused socket handshake, in `connect_error`'s `data.code`. */
export const HANDSHAKE_CODES = [
  'unauthorized',
  'forbidden',
  'rate_limited',
] as const satisfies readonly ErrorCode[];
