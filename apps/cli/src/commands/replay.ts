import { performance } from 'node:perf_hooks';
import { SingleBar } from 'cli-progress';
import type { EventStore } from '@pagedesk/event-store';
import { ProjectionRunner, type AsyncSqlDb } from '@pagedesk/processing';
import { PROJECTIONS, projectionNames } from '@pagedesk/read-models';
import { CliUsageError } from '../cli-context';

export interface ReplayResult {
  readonly projection: string;
  readonly events: number;
  readonly ms: number;
}

export function selectProjections(requested: readonly string[]): string[] {
  const known = projectionNames();
  const unknown = requested.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new CliUsageError(
      `unknown projection ${unknown.join(', ')} (known: ${known.join(', ')})`,
    );
  }
  return requested.length > 0 ? [...requested] : known;
}

/**
 * Rebuilds each projection from position zero up to the head as it was when
 * the replay began. The bar counts global positions, which on the embedded
 * store are event numbers (on EventStoreDB they are log offsets: the bar and
 * ETA still hold, the counts are bytes).
 */
export async function replay(
  store: EventStore,
  db: AsyncSqlDb,
  names: readonly string[],
  options: { progress: boolean } = { progress: true },
): Promise<ReplayResult[]> {
  const head = (await store.headPosition()) ?? 0;
  const results: ReplayResult[] = [];
  const showBar = options.progress && head > 0;
  for (const name of names) {
    const runner = new ProjectionRunner(store, db, PROJECTIONS[name]!(db));
    const bar = new SingleBar({
      format: `${name.padEnd(18)} [{bar}] {value}/{total} | {rate} events/s | ETA {eta_formatted}`,
      stream: process.stderr,
      noTTYOutput: true,
      notTTYSchedule: 1_000,
      etaBuffer: 50,
      hideCursor: true,
    });
    if (showBar) bar.start(head, 0, { rate: 0 });
    const started = performance.now();
    await runner.reset();
    const { applied } = await runner.catchUp({
      until: head,
      onProgress: ({ position, applied: done }) => {
        const seconds = (performance.now() - started) / 1000;
        if (showBar) bar.update(position, { rate: Math.round(done / seconds) });
      },
    });
    const ms = performance.now() - started;
    if (showBar) {
      bar.update(head, { rate: Math.round(applied / (ms / 1000)) });
      bar.stop();
    }
    results.push({ projection: name, events: applied, ms });
  }
  return results;
}

export function formatReplay(results: readonly ReplayResult[]): string {
  const rate = (events: number, ms: number) =>
    ms > 0 ? Math.round(events / (ms / 1000)).toLocaleString('en') : '-';
  const lines = results.map(
    (r) =>
      `${r.projection}: ${r.events.toLocaleString('en')} events in ${(r.ms / 1000).toFixed(2)} s, ${rate(r.events, r.ms)} events/s`,
  );
  const events = results.reduce((sum, r) => sum + r.events, 0);
  const ms = results.reduce((sum, r) => sum + r.ms, 0);
  lines.push(`total: ${events.toLocaleString('en')} events applied, ${rate(events, ms)} events/s`);
  return `${lines.join('\n')}\n`;
}
