import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { ConfigService } from '@nestjs/config';
import { createApp } from './bootstrap';
import { InvalidConfigError } from './config/env';
import { demoBanner } from './demo/demo-banner';
import { withDemoMode } from './demo/demo-mode';
import type { EarlyWorker } from './processing/early-worker';

/** What main.ts runs once the server's modules are loaded: builds the server, adopting the worker it started. */
export async function serve(earlyWorker: EarlyWorker | undefined): Promise<void> {
  const env = await withDemoMode(process.env);
  const app = await createApp(env, { earlyWorker });
  const config = app.get(ConfigService);
  await app.listen(config.get<number>('PORT')!, config.get<string>('HOST')!);
  const { port } = app.getHttpServer().address() as AddressInfo;
  // Plain text on purpose: the one line an operator (or a test) must see whatever LOG_LEVEL says.
  process.stdout.write(`Pagedesk listening on http://127.0.0.1:${port}\n`);
  if (env.DEMO === '1') process.stdout.write(demoBanner(`http://localhost:${port}`));
}

/** One line a person can act on; a stack trace only for the unexpected. */
export function startFailure(error: unknown): string {
  return `${error instanceof InvalidConfigError ? error.message : ((error as Error).stack ?? error)}\n`;
}
