/**
 * Child process for the multi-process ordering test: several writers append
 * to streams of their own as fast as they can, then the process exits.
 * Prints `ack <event id>` for every acknowledged event.
 */
import { createEventStore, loadEventStoreConfig } from '../create-event-store';
import { testEvents, uniqueStream } from '../testing/events';

const WRITERS = Number(process.env.WRITERS ?? 3);
const APPENDS = Number(process.env.APPENDS ?? 50);

async function writer(store: Awaited<ReturnType<typeof createEventStore>>): Promise<void> {
  const stream = uniqueStream('ordered');
  let expected: number | 'no_stream' = 'no_stream';
  for (let i = 0; i < APPENDS; i++) {
    const events = testEvents(1 + (i % 3));
    const result = await store.appendToStream(stream, events, { expectedRevision: expected });
    expected = result.nextExpectedRevision;
    process.stdout.write(events.map((e) => `ack ${e.id}\n`).join(''));
  }
}

async function main(): Promise<void> {
  const store = await createEventStore(loadEventStoreConfig(process.env));
  await Promise.all(Array.from({ length: WRITERS }, () => writer(store)));
  await store.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
