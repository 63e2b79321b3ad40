import { randomBytes } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  Optional,
} from '@nestjs/common';
import { announcesCommits, EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import type { SecretBox } from '@pagedesk/tenancy';
import { SECRET_BOX } from '../pages/secret-box.provider';
import type { PartStatus } from '@pagedesk/processing';
import { type ThreadUsage, workerThreadUsage } from '../metrics/thread-usage';
import type { MemoryCensus } from './memory-census';
import type { FromWorker, ToWorker, WorkerData } from './worker-messages';
import { type EarlyWorker, PROCESSING_WORKER_SCRIPT, processingWorkerThread } from './early-worker';

export const PROCESSING_WORKER_ENV = Symbol('PROCESSING_WORKER_ENV');
/** The worker's script; a test gives one that fails, to see the process go down with it. */
export const PROCESSING_WORKER_ENTRY = Symbol('PROCESSING_WORKER_ENTRY');
/** A worker main.ts started before the server's modules loaded, adopted instead of spawning one. */
export const EARLY_PROCESSING_WORKER = Symbol('EARLY_PROCESSING_WORKER');
const HEALTH_TIMEOUT_MS = 5_000;
const STOP_TIMEOUT_MS = 15_000;

/** The worker's answers to what it is asked. */
type Answer = Extract<FromWorker, { readonly id: number }>;
/** What it is asked, before the id that pairs the answer with it. */
type Question = ToWorker extends infer Q
  ? Q extends { readonly id: number }
    ? Omit<Q, 'id'>
    : never
  : never;

/**
 * Runs the log's processing (inbound reactor, read models, outbox, lifecycle)
 * in a worker thread with its own handle on the store, so acknowledgements
 * and sockets never wait behind it (docs/processing.md). The two handles tell
 * each other of commits. If the worker dies the process exits: everything it
 * does resumes from checkpoints, so a restart is the whole recovery.
 */
@Injectable()
export class ProcessingWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ProcessingWorker.name);
  private worker: Worker | undefined;
  private ready = false;
  private stopping = false;
  private nextId = 0;
  private readonly waiting = new Map<number, (answer: Answer) => void>();
  private unlisten: () => void = () => undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SECRET_BOX) private readonly secrets: SecretBox,
    @Inject(PROCESSING_WORKER_ENV) private readonly env: Record<string, unknown>,
    @Optional()
    @Inject(PROCESSING_WORKER_ENTRY)
    private readonly entry: string = PROCESSING_WORKER_SCRIPT,
    @Optional() @Inject(EARLY_PROCESSING_WORKER) private readonly early?: EarlyWorker,
  ) {}

  onApplicationBootstrap(): void {
    const workerData: WorkerData = {
      env: {
        ...this.env,
        // The worker must open secrets with this process's key, even a development one from DATA_DIR.
        SECRETS_KEY: this.secrets.keyBase64(),
        // It issues and checks no tokens, but its configuration needs one.
        JWT_SECRET: this.env.JWT_SECRET ?? randomBytes(48).toString('base64'),
      },
    };
    const adopted = this.early?.adopt(workerData);
    const worker = adopted?.worker ?? processingWorkerThread(this.entry, workerData);
    this.worker = worker;
    if (announcesCommits(this.store))
      this.unlisten = this.store.onCommit(() => this.send({ type: 'commit' }));
    worker.on('message', (message: FromWorker) => this.onMessage(message));
    worker.on('error', (error) => this.onError(error));
    worker.on('exit', (code) => this.onExit(code));
    // An early worker may have failed while the server was still loading.
    if (adopted?.state.failure) this.onError(adopted.state.failure);
    if (adopted?.state.exitCode !== undefined) this.onExit(adopted.state.exitCode);
  }

  /** /ready's lines: the worker itself, then every part it runs (asked of it); stopped while it starts or if it does not answer. */
  async parts(): Promise<PartStatus[]> {
    const worker = (state: PartStatus['state'], message: string | null): PartStatus => ({
      name: 'processing-worker',
      kind: 'worker',
      state,
      position: null,
      lag: null,
      lastError: message
        ? { message, reason: 'unavailable', at: new Date().toISOString(), eventId: null }
        : null,
    });
    try {
      return [worker('running', null), ...(await this.health())];
    } catch (error) {
      return [worker('stopped', (error as Error).message)];
    }
  }

  /** The parts the worker runs, asked of it; rejects until it has started. */
  async health(): Promise<PartStatus[]> {
    const answer = await this.ask({ type: 'health' });
    if (answer.type !== 'health') throw new Error('the processing worker answered out of turn');
    return answer.parts;
  }

  /** What the worker's per-conversation structures hold (docs/memory.md), asked of it. */
  async census(): Promise<MemoryCensus> {
    const answer = await this.ask({ type: 'census' });
    if (answer.type !== 'census') throw new Error('the processing worker answered out of turn');
    return answer.counts;
  }

  /**
   * The worker thread's V8 heap in use, in bytes, asked of it (its isolate is
   * not in this thread's process.memoryUsage()). `collect` runs a full
   * collection in the worker first where gc is exposed: for a benchmark, never
   * for a scrape, which must not pause processing.
   */
  async heapUsed(collect = false): Promise<number> {
    const answer = await this.ask({ type: 'heap', collect });
    if (answer.type !== 'heap') throw new Error('the processing worker answered out of turn');
    return answer.heapUsed;
  }

  /** The worker thread's event-loop busy time and CPU, read from this thread; null before it exists. */
  async threadUsage(): Promise<ThreadUsage | null> {
    return this.worker ? workerThreadUsage(this.worker) : null;
  }

  private ask(question: Question): Promise<Answer> {
    if (!this.ready) return Promise.reject(new Error('the processing worker is starting'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error('the processing worker did not answer'));
      }, HEALTH_TIMEOUT_MS);
      this.waiting.set(id, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      this.send({ ...question, id });
    });
  }

  /** Lets the worker finish what it holds and write its checkpoints before the store closes. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    this.unlisten();
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    this.send({ type: 'stop' });
    const timer = setTimeout(() => void worker.terminate(), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  private onMessage(message: FromWorker): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        return;
      case 'commit':
        if (announcesCommits(this.store)) this.store.noticeCommitElsewhere();
        return;
      case 'health':
      case 'census':
      case 'heap':
        this.waiting.get(message.id)?.(message);
        this.waiting.delete(message.id);
        return;
    }
  }

  private onError(error: Error): void {
    this.logger.fatal({ err: error }, 'processing worker failed');
  }

  private onExit(code: number): void {
    this.ready = false;
    if (this.stopping) return;
    this.logger.fatal({ code }, 'processing worker stopped: exiting so the process is restarted');
    process.exit(1);
  }

  private send(message: ToWorker): void {
    this.worker?.postMessage(message);
  }
}
