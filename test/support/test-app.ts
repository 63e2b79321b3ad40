import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../apps/chat-server/src/bootstrap';

export interface TestApp {
  readonly app: INestApplication;
  readonly url: string;
  readonly dataDir: string;
  close(): Promise<void>;
}

/** The real server, in-process, on a random loopback port, with its own data directory. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'pagedesk-e2e-'));
  const app = await createApp({ LOG_LEVEL: 'silent', ...env, DATA_DIR: dataDir });
  await app.listen(0, '127.0.0.1');
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
