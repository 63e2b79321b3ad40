import type { PartStatus } from '@pagedesk/processing';

/** What the server and its processing worker say to each other (one MessagePort each way). */
export type ToWorker =
  | { readonly type: 'commit' }
  | { readonly type: 'health'; readonly id: number }
  | { readonly type: 'stop' };

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'commit' }
  | { readonly type: 'health'; readonly id: number; readonly parts: PartStatus[] };

export interface WorkerData {
  readonly env: Record<string, unknown>;
}
