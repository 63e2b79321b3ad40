import { Type } from '@sinclair/typebox';
import { ErrorCode } from './error-codes';
import { EpochMs, type Wire } from './schema';

/**
 * Both socket namespaces: `auth:renew` swaps the socket's access token without reconnecting;
 * `session:ended` comes just before the server closes a socket whose token no longer holds.
 */
export const RenewRequest = {
  payload: Type.Object({ token: Type.String() }),
  ack: Type.Object({ expiresAt: EpochMs }),
} as const;

export const SessionEndedPush = Type.Object({ code: ErrorCode, message: Type.String() });
export type SessionEndedPush = Wire<typeof SessionEndedPush>;
