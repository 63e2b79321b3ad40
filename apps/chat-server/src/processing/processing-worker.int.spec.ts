import { randomBytes } from 'node:crypto';
import { ConsoleLogger, Logger } from '@nestjs/common';
import { join } from 'node:path';
import type { EventStore } from '@pagedesk/event-store';
import { SecretBox } from '@pagedesk/tenancy';
import { ProcessingWorker } from './processing-worker';

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
});
