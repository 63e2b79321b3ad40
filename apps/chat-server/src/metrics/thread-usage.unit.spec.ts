import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { currentThreadUsage, workerThreadUsage } from './thread-usage';

const SPIN_MS = 150;

/** Keeps this thread's event loop (and a CPU) busy for `ms`. */
function spin(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until);
}

describe('thread usage', () => {
  it("counts this thread's busy time as it works", () => {
    const before = currentThreadUsage().eventLoopBusySeconds;
    spin(SPIN_MS);
    const after = currentThreadUsage().eventLoopBusySeconds;
    expect(after - before).toBeGreaterThanOrEqual((SPIN_MS - 5) / 1000);
  });

  it("reads a worker thread's busy time from outside it, without asking it", async () => {
    // Spins when told, then says so: the reading after is taken once the work is done.
    const worker = new Worker(
      `const { parentPort } = require('node:worker_threads');
       parentPort.on('message', (ms) => {
         const until = Date.now() + ms;
         while (Date.now() < until);
         parentPort.postMessage('done');
       });`,
      { eval: true },
    );
    try {
      await once(worker, 'online');
      const before = await workerThreadUsage(worker);
      worker.postMessage(SPIN_MS);
      await once(worker, 'message');
      const after = await workerThreadUsage(worker);
      expect(after.eventLoopBusySeconds - before.eventLoopBusySeconds).toBeGreaterThanOrEqual(
        (SPIN_MS - 5) / 1000,
      );
      // The figure is the worker's own: this thread spinning while the worker idles hardly moves it.
      // (Not this thread's figure while the worker spins: on a loaded machine its short callbacks wait for a core, which counts.)
      const idleBefore = (await workerThreadUsage(worker)).eventLoopBusySeconds;
      spin(SPIN_MS);
      const idleAfter = (await workerThreadUsage(worker)).eventLoopBusySeconds;
      expect(idleAfter - idleBefore).toBeLessThan(SPIN_MS / 2 / 1000);
      const measuresWorkerCpu = typeof (worker as { cpuUsage?: unknown }).cpuUsage === 'function';
      expect(after.cpuSeconds === null).toBe(!measuresWorkerCpu);
    } finally {
      await worker.terminate();
    }
  });

  it('takes the thread CPU where the runtime has process.threadCpuUsage, in seconds', () => {
    const newer = { threadCpuUsage: () => ({ user: 1_500_000, system: 250_000 }) };
    expect(currentThreadUsage(newer).cpuSeconds).toBe(1.75);
    expect(currentThreadUsage({}).cpuSeconds).toBeNull();
  });

  // Node 24.6's worker.cpuUsage() on the Node 20 CI runs: a stand-in worker with the same shape.
  it("takes a worker's CPU where the runtime has worker.cpuUsage, in seconds", async () => {
    const performance = {
      eventLoopUtilization: () => ({ idle: 900, active: 2_500, utilization: 0.7 }),
    };
    const newer = { performance, cpuUsage: async () => ({ user: 2_000_000, system: 500_000 }) };
    expect(await workerThreadUsage(newer)).toEqual({ eventLoopBusySeconds: 2.5, cpuSeconds: 2.5 });
    expect((await workerThreadUsage({ performance })).cpuSeconds).toBeNull();
  });
});
