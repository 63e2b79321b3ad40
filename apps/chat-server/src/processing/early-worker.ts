import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerData } from './worker-messages';

// The same extension as this file: .ts under @swc-node/register (which the worker inherits through execArgv), .js when built.
export const PROCESSING_WORKER_SCRIPT = join(
  __dirname,
  `processing-worker.main${extname(__filename)}`,
);
const PROCESSING_NICE = 10;

/**
 * The worker thread's code: its nice value first (on Linux one per thread), so
 * that even while it loads its modules acknowledgements and sockets get the
 * CPU first, then the script.
 */
export function processingWorkerThread(script: string, workerData: WorkerData | null): Worker {
  const source = `require('node:os').setPriority(0, ${PROCESSING_NICE}); require(${JSON.stringify(script)});`;
  return new Worker(source, { eval: true, workerData });
}

/** What an early worker did before it was adopted: nothing, or failed and exited. */
export interface EarlyWorkerState {
  readonly failure: Error | undefined;
  readonly exitCode: number | undefined;
}

/**
 * The processing worker started at the top of main.ts, before the server's
 * own modules load: it loads its core modules on the other core meanwhile, so
 * ready is no longer main start-up plus worker start-up in sequence. It holds
 * no configuration: it waits for a `start` message with what the server's
 * container resolves (secrets go by message, never by argv or env). Until
 * adopted it is unreferenced, so a server that fails to start exits anyway.
 */
export class EarlyWorker {
  private failure: Error | undefined;
  private exitCode: number | undefined;
  private adopted = false;
  /** Its exit code, whoever owns it by then. */
  readonly exited: Promise<number>;

  private constructor(private readonly worker: Worker) {
    this.exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.unref();
    // Recorded for the adopter; without a listener a failed load would throw in this thread.
    worker.on('error', (error) => (this.failure = error));
    worker.once('exit', (code) => (this.exitCode = code));
  }

  static start(script: string = PROCESSING_WORKER_SCRIPT): EarlyWorker {
    return new EarlyWorker(processingWorkerThread(script, null));
  }

  /** Hands the thread over, once, and tells it to start with `data`; the state says if it already died. */
  adopt(data: WorkerData): { readonly worker: Worker; readonly state: EarlyWorkerState } {
    if (this.adopted) throw new Error('the early processing worker is already adopted');
    this.adopted = true;
    this.worker.ref();
    this.worker.postMessage({ type: 'start', data });
    return { worker: this.worker, state: { failure: this.failure, exitCode: this.exitCode } };
  }

  /** For a server that will not adopt it (it failed, or runs inline). */
  async discard(): Promise<void> {
    if (!this.adopted) await this.worker.terminate();
  }
}
