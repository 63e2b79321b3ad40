/**
 * The append workload bench:store and bench:postgres share, so their
 * adapter-against-raw ratios measure the same thing on every store.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { EventStore, EventToAppend } from '@pagedesk/event-store';

export const EVENTS_PER_STREAM = Number(process.env.BENCH_EVENTS_PER_STREAM ?? 25);
export const WRITERS = Number(process.env.BENCH_WRITERS ?? 50);

const event = (stream: number, revision: number): EventToAppend => {
  const id = randomUUID();
  return {
    id,
    type: 'CustomerMessageReceived',
    data: {
      mid: `m_${stream}_${revision}`,
      text: 'Hello, I would like to change my delivery address please',
      sentAt: 1_795_000_000_000 + revision,
    },
    metadata: {
      correlationId: id,
      causationId: id,
      actor: 'facebook',
      recordedAt: new Date().toISOString(),
    },
  };
};

/** EVENTS_PER_STREAM events for each of `streams` conversations, made before any clock starts. */
export const appendPlan = (streams: number): EventToAppend[][] =>
  Array.from({ length: streams }, (_, s) =>
    Array.from({ length: EVENTS_PER_STREAM }, (_, r) => event(s, r)),
  );

/** Writers take streams from a shared counter; each appends one event at a time with an exact expected revision. */
export async function adapterAppends(store: EventStore, plan: EventToAppend[][]): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      for (let s = next++; s < plan.length; s = next++) {
        for (let r = 0; r < EVENTS_PER_STREAM; r++) {
          await store.appendToStream(`conversation-${s}`, [plan[s]![r]!], {
            expectedRevision: r === 0 ? 'no_stream' : r - 1,
          });
        }
      }
    }),
  );
  return performance.now() - start;
}
