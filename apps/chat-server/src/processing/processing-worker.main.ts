import 'reflect-metadata';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { announcesCommits, EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import { AppModule } from '../app.module';
import { systemClock } from '../lifecycle/clock';
import { BackgroundWork } from './background-work';
import { memoryCensus } from './memory-census';
import type { FromWorker, ToWorker, WorkerData } from './worker-messages';

const PROCESSING_NICE = 10;

/** The processing worker's thread: the same modules as the server, in the `processor` role, without HTTP. */
async function run(): Promise<void> {
  // On Linux a nice value is per thread: acknowledgements and socket pushes get the CPU first, processing what is left.
  setPriority(0, PROCESSING_NICE);
  const port = parentPort!;
  const { env } = workerData as WorkerData;
  const send = (message: FromWorker) => port.postMessage(message);
  const app = await NestFactory.createApplicationContext(
    AppModule.register(env, systemClock, 'processor'),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  const store = app.get<EventStore>(EVENT_STORE);
  const work = app.get(BackgroundWork);
  if (announcesCommits(store)) store.onCommit(() => send({ type: 'commit' }));
  port.on('message', (message: ToWorker) => {
    switch (message.type) {
      case 'commit':
        if (announcesCommits(store)) store.noticeCommitElsewhere();
        return;
      case 'health':
        void work
          .statuses()
          .then((parts) => send({ type: 'health', id: message.id, parts }))
          // Unanswered, the server's own timeout reports the worker as not ready.
          .catch(() => undefined);
        return;
      case 'census':
        send({ type: 'census', id: message.id, counts: memoryCensus(app) });
        return;
      case 'heap':
        if (message.collect) globalThis.gc?.();
        send({ type: 'heap', id: message.id, heapUsed: process.memoryUsage().heapUsed });
        return;
      case 'stop':
        void app.close().then(() => process.exit(0));
        return;
    }
  });
  send({ type: 'ready' });
}

run().catch((error: unknown) => {
  process.stderr.write(`processing worker: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
