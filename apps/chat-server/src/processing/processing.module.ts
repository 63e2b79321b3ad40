import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { PartStatus } from '@pagedesk/processing';
import type { ThreadUsage } from '../metrics/thread-usage';
import type { ProcessRole } from './process-role';
import { BackgroundWork } from './background-work';
import type { EarlyWorker } from './early-worker';
import {
  EARLY_PROCESSING_WORKER,
  PROCESSING_WORKER_ENTRY,
  PROCESSING_WORKER_ENV,
  ProcessingWorker,
} from './processing-worker';
import { WORK_LEASE, workLeaseProvider } from '../cluster/work-lease';
import type { Lease } from '../cluster/lease';
import { WORK_FENCE, workFenceProvider } from './work-fence';

/** Where /ready and /metrics learn of another thread: the processing worker, or nobody (inline, or in the worker itself). */
export const OTHER_THREAD_PARTS = Symbol('OTHER_THREAD_PARTS');

export interface OtherThreadParts {
  parts(): Promise<PartStatus[]>;
  /** Its V8 heap in use, in bytes; null when there is no other thread. */
  heapUsed(): Promise<number | null>;
  /** Its event loop's busy time and CPU (docs/metrics.md); null when there is no other thread. */
  threadUsage(): Promise<ThreadUsage | null>;
}

const NO_OTHER_THREAD: OtherThreadParts = {
  parts: async () => [],
  heapUsed: async () => null,
  threadUsage: async () => null,
};

@Global()
@Module({})
export class ProcessingModule {
  static forRole(
    role: ProcessRole,
    env: Record<string, unknown>,
    workerEntry?: string,
    early?: EarlyWorker,
    workLease?: Lease,
  ): DynamicModule {
    const entry = workerEntry ? [{ provide: PROCESSING_WORKER_ENTRY, useValue: workerEntry }] : [];
    const adopt = early ? [{ provide: EARLY_PROCESSING_WORKER, useValue: early }] : [];
    // Nobody else will adopt it: an inline server has no worker.
    if (early && role !== 'web') void early.discard();
    const worker =
      role === 'web'
        ? [{ provide: PROCESSING_WORKER_ENV, useValue: env }, ...entry, ...adopt, ProcessingWorker]
        : [];
    return {
      module: ProcessingModule,
      providers: [
        BackgroundWork,
        workLease ? { provide: WORK_LEASE, useValue: workLease } : workLeaseProvider,
        workFenceProvider,
        ...worker,
        role === 'web'
          ? { provide: OTHER_THREAD_PARTS, useExisting: ProcessingWorker }
          : { provide: OTHER_THREAD_PARTS, useValue: NO_OTHER_THREAD },
      ],
      exports: [BackgroundWork, OTHER_THREAD_PARTS, WORK_FENCE],
    };
  }
}
