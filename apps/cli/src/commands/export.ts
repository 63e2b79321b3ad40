import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { EventStore } from '@pagedesk/event-store';
import { CliUsageError } from '../cli-context';

const PAGE = 1_000;

export function parseDate(option: string, text: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) {
    throw new CliUsageError(
      `--${option} must be a date such as 2026-07-01 or 2026-07-01T12:00:00Z`,
    );
  }
  return ms;
}

/**
 * Every event recorded in [from, to), one JSON object per line, in log order,
 * exactly as stored (legal hold wants the record, not our interpretation).
 * The log has no time index, so this reads it all; it writes with
 * backpressure, so memory stays flat however large the period is.
 */
export async function exportEvents(
  store: EventStore,
  range: { from: number; to: number },
  out: Writable,
): Promise<number> {
  if (range.from >= range.to) throw new CliUsageError('--from must be before --to');
  let after: number | undefined;
  let written = 0;
  for (;;) {
    const page = await store.readAll({ after, maxCount: PAGE });
    for (const event of page) {
      const at = Date.parse(event.metadata.recordedAt);
      if (at < range.from || at >= range.to) continue;
      const line = JSON.stringify({
        globalPosition: event.globalPosition,
        streamName: event.streamName,
        revision: event.revision,
        id: event.id,
        type: event.type,
        data: event.data,
        metadata: event.metadata,
      });
      written += 1;
      if (!out.write(`${line}\n`)) await once(out, 'drain');
    }
    if (page.length < PAGE) return written;
    after = page[page.length - 1]!.globalPosition;
  }
}
