import { randomUUID } from 'node:crypto';
import type { JsonObject } from '@pagedesk/shared';
import type { EventToAppend } from '../event';

export const uniqueStream = (category = 'contract') => `${category}-${randomUUID()}`;

export function testEvent(data: JsonObject = {}, type = 'ThingHappened'): EventToAppend {
  const id = randomUUID();
  return {
    id,
    type,
    data,
    metadata: {
      correlationId: id,
      causationId: id,
      actor: 'contract-suite',
      recordedAt: new Date().toISOString(),
    },
  };
}

export const testEvents = (count: number, type?: string): EventToAppend[] =>
  Array.from({ length: count }, (_, i) => testEvent({ i }, type));
