import type { PartStatus } from '@pagedesk/processing';
import type { MemoryCensus } from './memory-census';

/** What the server and its processing worker say to each other (one MessagePort each way). */
export type ToWorker =
  /** To a worker started early (EarlyWorker), which has no workerData: what it needs to start; always the first message. */
  | { readonly type: 'start'; readonly data: WorkerData }
  | { readonly type: 'commit' }
  | { readonly type: 'health'; readonly id: number }
  | { readonly type: 'census'; readonly id: number }
  /** `collect`: a full collection first, where the process exposes gc (a benchmark's --expose-gc). */
  | { readonly type: 'heap'; readonly id: number; readonly collect: boolean }
  | { readonly type: 'stop' };

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'commit' }
  | { readonly type: 'health'; readonly id: number; readonly parts: PartStatus[] }
  | { readonly type: 'census'; readonly id: number; readonly counts: MemoryCensus }
  | { readonly type: 'heap'; readonly id: number; readonly heapUsed: number };

/** What the worker needs to start: as its workerData when spawned, or in a `start` message when started early. */
export interface WorkerData {
  readonly env: Record<string, unknown>;
}
