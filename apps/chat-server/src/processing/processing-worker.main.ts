import 'reflect-metadata';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { announcesCommits, EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import { BackgroundWork } from './background-work';
import { memoryCensus } from './memory-census';
import { ProcessorModule } from './processor.module';
import type { FromWorker, ToWorker, WorkerData } from './worker-messages';

/** The processing worker's thread: the server's core modules in the `processor` role, without HTTP (its nice value is set before these load, early-worker.ts). */
async function run(): Promise<void> {
  const port = parentPort!;
  const inbox = new Inbox(port);
  const { env } = (workerData as WorkerData | null) ?? (await inbox.start());
  const send = (message: FromWorker) => port.postMessage(message);
  const app = await NestFactory.createApplicationContext(ProcessorModule.register(env), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  const store = app.get<EventStore>(EVENT_STORE);
  const work = app.get(BackgroundWork);
  if (announcesCommits(store)) store.onCommit(() => send({ type: 'commit' }));
  inbox.handle((message) => {
    switch (message.type) {
      case 'start':
        return;
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

/**
 * The server's messages, held from the first until the container exists (as
 * a port with no listener would hold them): a worker started early listens
 * at once for its `start`, and the commits or `stop` that follow it must
 * wait, not be lost.
 */
class Inbox {
  private held: ToWorker[] = [];
  private handler: ((message: ToWorker) => void) | undefined;
  private started: ((data: WorkerData) => void) | undefined;
  private listening = false;

  constructor(private readonly port: MessagePort) {}

  /** What a `start` message carries: for a worker that has no workerData. */
  start(): Promise<WorkerData> {
    this.listen();
    return new Promise((resolve) => (this.started = resolve));
  }

  handle(handler: (message: ToWorker) => void): void {
    this.handler = handler;
    this.listen();
    for (const message of this.held.splice(0)) handler(message);
  }

  private listen(): void {
    if (this.listening) return;
    this.listening = true;
    this.port.on('message', (message: ToWorker) => {
      if (message.type === 'start' && this.started) this.started(message.data);
      else if (this.handler) this.handler(message);
      else this.held.push(message);
    });
  }
}

run().catch((error: unknown) => {
  process.stderr.write(`processing worker: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
