import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../apps/chat-server/src/demo/demo-identity';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { ensureWebAppBuilt, freePort, launchBrowser, logIn } from './browser';

export const DEMO_AGENT = 'agent@demo.pagedesk.test';

/**
 * The demo server (its simulator plays Facebook and the customers) with one Chromium, for desk
 * tests that drive an agent and the customers who write to them. Call in a `describe`.
 */
export function deskDemo(extraEnv: Record<string, string> = {}) {
  let dataDir: string;
  let port: number;
  let server: ServerProcess;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  const start = async () => {
    server = await startServerProcess({
      DATA_DIR: dataDir,
      PORT: String(port),
      DEMO: '1',
      MESSENGER_CONFIG: '',
      MESSENGER_CONFIG_FILE: '',
      LOG_LEVEL: 'warn',
      ...extraEnv,
    });
  };
  const demo = {
    origin: '',
    get context(): BrowserContext {
      return browser.context;
    },
    get cspViolations(): string[] {
      return browser.cspViolations;
    },
    /** Kills the server as a crash would (SIGKILL); `start` brings it back on the same port and data. */
    crash: () => server.kill('SIGKILL'),
    start,
  };

  // Server and Chromium start side by side: neither needs the other until the first page opens.
  beforeAll(async () => {
    ensureWebAppBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-desk-'));
    port = await freePort();
    demo.origin = `http://127.0.0.1:${port}`;
    const [launched, started] = await Promise.allSettled([launchBrowser(), start()]);
    // Kept even when the server failed, so afterAll closes it.
    if (launched.status === 'fulfilled') browser = launched.value;
    for (const outcome of [launched, started])
      if (outcome.status === 'rejected') throw outcome.reason;
  }, 120_000);

  afterAll(async () => {
    await Promise.all([browser?.close(), server?.kill()]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  return demo;
}

export type DeskDemo = ReturnType<typeof deskDemo>;

/** A new Messenger customer in the simulator, who writes first; `write` sends more. */
export async function customerWrites(demo: DeskDemo, text: string) {
  const page = await demo.context.newPage();
  await page.goto(`${demo.origin}/simulator`);
  await page.getByRole('button', { name: 'New Messenger customer' }).click();
  const name = (await page.locator('.phone header strong').textContent()) ?? '';
  const write = async (message: string) => {
    await page.getByLabel('Customer message').fill(message);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.locator('.fb-bubble.from-customer', { hasText: message }).waitFor();
  };
  await write(text);
  return { page, name, write };
}

/** The demo agent, logged in and Ready (the switch changes once the server acknowledged it). */
export const readyAgent = (demo: DeskDemo, page?: Page) => readyAgentAs(demo, DEMO_AGENT, page);

/** One of the demo's agents by e-mail, logged in and Ready. */
export async function readyAgentAs(demo: DeskDemo, email: string, page?: Page): Promise<Page> {
  const agent = page ?? (await demo.context.newPage());
  await logIn(agent, demo.origin, email, DEMO_PASSWORD);
  const ready = agent.getByRole('checkbox');
  await ready.and(agent.locator(':enabled')).waitFor();
  if (!(await ready.isChecked())) await ready.click();
  await agent.getByText('Ready', { exact: true }).waitFor();
  return agent;
}

/** A demo user (supervisor, qc) logged in on a new page. */
export async function loggedIn(demo: DeskDemo, email: string): Promise<Page> {
  const page = await demo.context.newPage();
  await logIn(page, demo.origin, email, DEMO_PASSWORD);
  return page;
}

// Found by what the customer wrote: their name may still be unknown when the request arrives.
export const requestOf = (agent: Page, firstMessage: string) =>
  agent.getByRole('article').filter({ hasText: firstMessage });
export const paneOf = (agent: Page, firstMessage: string) =>
  agent.locator('.chat-pane', { hasText: firstMessage });
