import {
  auditLineOf,
  StreamNotFoundError,
  type AuditLine,
  type EventStore,
  type RecordedEvent,
} from '@pagedesk/event-store';
import { cannedResponsesStream } from '@pagedesk/tenancy';
import { CliUsageError } from '../cli-context';

export const auditConversation = (store: EventStore, conversationId: string) =>
  auditStream(store, `conversation-${conversationId}`, `no conversation ${conversationId}`);

/** A tenant's canned responses: who created, changed or deleted which, and when. */
export const auditCannedResponses = (store: EventStore, tenantId: string) =>
  auditStream(store, cannedResponsesStream(tenantId), `no canned responses in ${tenantId}`);

async function auditStream(store: EventStore, stream: string, missing: string) {
  let events: RecordedEvent[];
  try {
    events = await store.readStream(stream);
  } catch (error) {
    if (error instanceof StreamNotFoundError) throw new CliUsageError(missing);
    throw error;
  }
  return events.map(auditLineOf);
}

/** One aligned line per event; the ids are long, so they come last. `what` names the entity. */
export function formatAudit(what: string, lines: readonly AuditLine[]): string {
  const rows = lines.map((l) => [
    String(l.revision),
    l.recordedAt,
    l.type,
    l.actor,
    l.correlationId,
    l.causationId,
  ]);
  const header = ['#', 'recorded at', 'type', 'actor', 'correlation', 'causation'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const render = (cells: readonly string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [`${what}: ${lines.length} events`, render(header), ...rows.map(render), ''].join('\n');
}
