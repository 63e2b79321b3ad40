import {
  auditLineOf,
  StreamNotFoundError,
  type AuditLine,
  type EventStore,
  type RecordedEvent,
} from '@pagedesk/event-store';
import { CliUsageError } from '../cli-context';

export async function auditConversation(
  store: EventStore,
  conversationId: string,
): Promise<AuditLine[]> {
  let events: RecordedEvent[];
  try {
    events = await store.readStream(`conversation-${conversationId}`);
  } catch (error) {
    if (error instanceof StreamNotFoundError) {
      throw new CliUsageError(`no conversation ${conversationId}`);
    }
    throw error;
  }
  return events.map(auditLineOf);
}

/** One aligned line per event; the ids are long, so they come last. */
export function formatAudit(conversationId: string, lines: readonly AuditLine[]): string {
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
  return [
    `conversation ${conversationId}: ${lines.length} events`,
    render(header),
    ...rows.map(render),
    '',
  ].join('\n');
}
