import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createApp, type AppOverrides } from '../../apps/chat-server/src/bootstrap';
import type { Clock } from '../../apps/chat-server/src/lifecycle/clock';
import { ConversationFeed } from '../../apps/chat-server/src/routing/conversation-feed';
import { builtEntry } from './built-or-sources';

/**
 * Lifecycle time stands still unless a test passes its own clock: fixtures
 * carry fixed Facebook timestamps that real time has passed, and a test about
 * something else must not see its conversations expire under it.
 */
const STILL_CLOCK: Clock = { now: () => new Date('2020-01-01T00:00:00Z') };

/**
 * The processing worker's script: built under TEST_SERVER=dist (its thread would otherwise
 * compile ~1,700 modules before the test can start), else from the sources, through
 * @swc-node/register, since Jest's transform does not reach a worker thread.
 */
const workerScript = (): string =>
  builtEntry('apps/chat-server/src/processing/processing-worker.main') ??
  join(__dirname, '../../apps/chat-server/src/processing/testing/worker-from-sources.js');

export interface TestApp {
  readonly app: INestApplication;
  readonly url: string;
  readonly dataDir: string;
  close(): Promise<void>;
}

/**
 * The real server, in-process, on a random loopback port, with its own data
 * directory and STILL_CLOCK unless overridden; with PROCESSING=worker, as
 * production runs it (its own worker thread, the system clock).
 */
export async function startTestApp(
  env: Record<string, string> = {},
  overrides: AppOverrides = {},
): Promise<TestApp> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'pagedesk-e2e-'));
  const worker = env.PROCESSING === 'worker';
  const app = await createApp(
    // Inline unless asked: the test's clock and settle() reach every reactor only in one thread.
    { LOG_LEVEL: 'silent', PROCESSING: 'inline', ...env, DATA_DIR: dataDir },
    worker
      ? { processingWorkerEntry: workerScript(), ...overrides }
      : { clock: STILL_CLOCK, ...overrides },
  );
  await app.listen(0, '127.0.0.1');
  // The server answers webhooks while routing state loads; tests act on it once it is loaded, as before.
  await app.get(ConversationFeed).loaded();
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    dataDir,
    async close() {
      await app.close();
      if (!env.DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
