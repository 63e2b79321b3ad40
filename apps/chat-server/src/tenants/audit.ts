import type { AuditEntry } from '@pagedesk/contracts';
import { StreamNotFoundError, type EventStore } from '@pagedesk/event-store';
import type { JsonObject, JsonValue } from '@pagedesk/shared';

/** Fields whose values never leave the server, even to an auditor: only that they changed. */
const HIDDEN = new Set(['passwordHash', 'accessToken', 'appSecret']);

/** A configuration stream as an audit trail: who changed what and when. */
export async function auditTrail(store: EventStore, stream: string): Promise<AuditEntry[]> {
  try {
    const events = await store.readStream(stream);
    return events.map((e) => ({
      type: e.type,
      at: e.metadata.recordedAt,
      actor: e.metadata.actor,
      data: hide(e.data) as JsonObject,
    }));
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
}

function hide(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(hide);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        HIDDEN.has(k) ? '[changed]' : hide(v as JsonValue),
      ]),
    );
  return value;
}
