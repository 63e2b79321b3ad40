import { randomBytes } from 'node:crypto';
import { ConsoleLogger, Logger } from '@nestjs/common';
import { join } from 'node:path';
import type { EventStore } from '@pagedesk/event-store';
import { SecretBox } from '@pagedesk/tenancy';
import { ProcessingWorker } from './processing-worker';
import { EarlyWorker } from './early-worker';

const script = (name: string) => join(__dirname, 'testing', name);
const store = {} as EventStore;
const secrets = new SecretBox(randomBytes(32));

describe('ProcessingWorker', () => {
  let exit: jest.SpyInstance;

  beforeEach(() => {
    exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    // The fatal lines are expected here; the test asserts the exit instead.
    Logger.overrideLogger(false);
  });
  afterEach(() => {
    exit.mockRestore();
    Logger.overrideLogger(new ConsoleLogger());
  });

  it('takes the process down when the worker dies, so a supervisor restarts both', async () => {
    const host = new ProcessingWorker(store, secrets, {}, script('dying-worker.js'));
    host.onApplicationBootstrap();
    const deadline = Date.now() + 10_000;
    while (exit.mock.calls.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(exit).toHaveBeenCalledWith(1);
    await expect(host.health()).rejects.toThrow('starting');
    expect(await host.parts()).toEqual([
      expect.objectContaining({ kind: 'worker', state: 'stopped', lastError: expect.anything() }),
    ]);
  });

  it('stops the worker on shutdown without taking the process down', async () => {
    const host = new ProcessingWorker(store, secrets, {}, script('stopping-worker.js'));
    host.onApplicationBootstrap();
    const deadline = Date.now() + 10_000;
    let parts: unknown;
    while (parts === undefined && Date.now() < deadline) {
      parts = await host.health().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(parts).toEqual([]);
    expect(await host.parts()).toEqual([
      expect.objectContaining({ name: 'processing-worker', kind: 'worker', state: 'running' }),
    ]);
    await host.onModuleDestroy();
    expect(exit).not.toHaveBeenCalled();
  });

  describe('started early (main.ts)', () => {
    const untilAnswered = async <T>(ask: () => Promise<T>): Promise<T | undefined> => {
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        const answer = await ask().catch(() => undefined);
        if (answer !== undefined) return answer;
        await new Promise((r) => setTimeout(r, 20));
      }
      return undefined;
    };

    it('adopts the worker instead of spawning one and starts it with the secrets key by message', async () => {
      const early = EarlyWorker.start(script('waiting-worker.js'));
      const host = new ProcessingWorker(store, secrets, {}, undefined, early);
      host.onApplicationBootstrap();
      // The script throws (and the process would exit) if the key had come as workerData.
      expect(await untilAnswered(() => host.census())).toEqual({ secretsKey: secrets.keyBase64() });
      await host.onModuleDestroy();
      expect(await early.exited).toBe(0);
      expect(exit).not.toHaveBeenCalled();
    });

    it('takes the process down when the worker died while the server was loading', async () => {
      const early = EarlyWorker.start(script('dying-worker.js'));
      expect(await early.exited).toBe(1);
      const host = new ProcessingWorker(store, secrets, {}, undefined, early);
      host.onApplicationBootstrap();
      expect(exit).toHaveBeenCalledWith(1);
      await expect(host.health()).rejects.toThrow('starting');
    });

    it('is ended when the server does not adopt it', async () => {
      const early = EarlyWorker.start(script('waiting-worker.js'));
      await early.discard();
      // Never settles if the thread were left waiting for a start.
      await expect(early.exited).resolves.toEqual(expect.any(Number));
    });
  });
});
