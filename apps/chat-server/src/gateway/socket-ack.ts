import type { Logger } from '@nestjs/common';
import { AppError } from '@pagedesk/shared';
import { appValidationPipe } from '../errors/validation.pipe';
import { mapError, toSocketAck } from '../errors/error-map';

export type Ack = { readonly ok: true } & Readonly<Record<string, unknown>>;
export type SocketAnswer = Ack | ReturnType<typeof toSocketAck>;

const validation = appValidationPipe();

/** Every client → server event is answered through its ack, whatever happened: never a thrown error. */
export async function answer(
  logger: Logger,
  event: string,
  work: () => Promise<Readonly<Record<string, unknown>> | void>,
): Promise<SocketAnswer> {
  try {
    return { ok: true, ...(await work()) };
  } catch (error) {
    if (mapError(error).unexpected) logger.error({ err: error, event }, 'socket event failed');
    return toSocketAck(error);
  }
}

/** Validates an untrusted payload against its class, with the same rules and messages as REST bodies. */
export async function parsePayload<T extends object>(
  type: new () => T,
  raw: unknown,
  { optional = false } = {},
): Promise<T> {
  const value = raw === undefined && optional ? {} : raw;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AppError('invalid', 'payload must be an object');
  }
  return (await validation.transform(value, { type: 'body', metatype: type })) as T;
}

export function exactlyOne(payload: object, a: string, b: string): void {
  const given = [a, b].filter((k) => (payload as Record<string, unknown>)[k] !== undefined);
  if (given.length !== 1) throw new AppError('invalid', `exactly one of ${a} or ${b} is required`);
}
