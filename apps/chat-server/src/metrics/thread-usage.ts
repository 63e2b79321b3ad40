import { performance } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';

/** How a thread has spent its time since it started, in seconds. */
export interface ThreadUsage {
  /**
   * Time its event loop was not waiting for events: JavaScript, native
   * callbacks and the synchronous system calls they make (SQLite's fsync
   * included), so it can exceed the thread's CPU.
   */
  readonly eventLoopBusySeconds: number;
  /** CPU the thread itself used; null where the runtime cannot tell one thread's (see below). */
  readonly cpuSeconds: number | null;
}

interface CpuUsage {
  readonly user: number;
  readonly system: number;
}

/** `process.threadCpuUsage` arrived in Node 23.9 and `worker.cpuUsage` in 24.6; @types/node 20 knows neither. */
interface ThreadCpuClock {
  readonly threadCpuUsage?: () => CpuUsage;
}
interface WorkerCpuClock {
  readonly cpuUsage?: () => Promise<CpuUsage>;
}

const seconds = (usage: CpuUsage): number => (usage.user + usage.system) / 1e6;

/** The calling thread's; `runtime` is the process unless a test stands in for a newer Node. */
export function currentThreadUsage(
  runtime: ThreadCpuClock = process as ThreadCpuClock,
): ThreadUsage {
  return {
    eventLoopBusySeconds: performance.eventLoopUtilization().active / 1000,
    cpuSeconds: runtime.threadCpuUsage ? seconds(runtime.threadCpuUsage()) : null,
  };
}

/**
 * A worker thread's, read from the thread that started it: the worker is not
 * asked, so a busy one is measured without waiting for it. Rejects once it
 * has stopped (where the runtime reads its CPU). Takes only what it reads, so
 * a test can stand in for a newer Node's worker.
 */
export async function workerThreadUsage(
  worker: Pick<Worker, 'performance'> & WorkerCpuClock,
): Promise<ThreadUsage> {
  return {
    eventLoopBusySeconds: worker.performance.eventLoopUtilization().active / 1000,
    cpuSeconds: worker.cpuUsage ? seconds(await worker.cpuUsage()) : null,
  };
}
