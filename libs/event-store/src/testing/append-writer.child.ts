/**
 * Child process for the contract's SIGKILL test: appends as fast as it can
 * and prints one line per acknowledged append; the parent kills it mid-flight
 * and then checks every acknowledged event survived.
 */
import { createEventStore, loadEventStoreConfig } from '../create-event-store';
import { testEvent, uniqueStream } from './events';

const WRITERS = 4;

async function writer(store: Awaited<ReturnType<typeof createEventStore>>): Promise<never> {
  const stream = uniqueStream('killed');
  for (let revision = 0; ; revision++) {
    const event = testEvent({ revision });
    await store.appendToStream(stream, [event], {
      expectedRevision: revision === 0 ? 'no_stream' : revision - 1,
    });
    process.stdout.write(`ack ${stream} ${revision} ${event.id}\n`);
  }
}

async function main(): Promise<void> {
  const store = await createEventStore(loadEventStoreConfig(process.env));
  process.stdout.write('ready\n');
  await Promise.all(Array.from({ length: WRITERS }, () => writer(store)));
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
