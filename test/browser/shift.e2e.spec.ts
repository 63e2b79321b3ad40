import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../apps/chat-server/src/demo/demo-identity';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { ensureWebAppBuilt, freePort, launchBrowser, logIn, snap } from './browser';

/**
 * Access tokens live TTL seconds here. 20 s instead of production's 900 keeps
 * the semantics — each token expires several times during the test, so the
 * desktop must refresh silently, renew its sockets and reconnect with a fresh
 * token — in about 80 s of test instead of an hour (JWT_TTL_SECONDS=60 would
 * need 4 minutes for the same four expiries).
 */
const TTL_SECONDS = 20;
const ROUNDS = 4;

describe('a shift in the browser: sessions and the agent’s state outlast tokens, drops and restarts', () => {
  let dataDir: string;
  let port: number;
  let server: ServerProcess;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let context: BrowserContext;

  const origin = () => `http://127.0.0.1:${port}`;
  // No JWT_SECRET or SECRETS_KEY: the demo keeps its keys in DATA_DIR, so a restart signs nobody out.
  const start = async () => {
    server = await startServerProcess({
      DATA_DIR: dataDir,
      PORT: String(port),
      DEMO: '1',
      MESSENGER_CONFIG: '',
      MESSENGER_CONFIG_FILE: '',
      JWT_TTL_SECONDS: String(TTL_SECONDS),
      LOG_LEVEL: 'warn',
    });
  };

  beforeAll(async () => {
    ensureWebAppBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-shift-'));
    port = await freePort();
    await start();
    browser = await launchBrowser();
    context = browser.context;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const signedOut = async (page: Page) => (await page.getByLabel('Password').count()) > 0;

  async function customerWrites(text: string) {
    const page = await context.newPage();
    await page.goto(`${origin()}/simulator`);
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

  it('agent and supervisor keep working across several token lifetimes and a dropped connection, then a restart keeps Ready and the offline message', async () => {
    const agent = await context.newPage();
    await logIn(agent, origin(), 'agent@demo.pagedesk.test', DEMO_PASSWORD);
    const ready = agent.getByRole('checkbox');
    await ready.and(agent.locator(':enabled')).waitFor();
    await ready.click();
    await agent.getByText('Ready', { exact: true }).waitFor();
    const supervisor = await context.newPage();
    await logIn(supervisor, origin(), 'supervisor@demo.pagedesk.test', DEMO_PASSWORD);
    await supervisor.getByText('live', { exact: true }).waitFor();

    const customer = await customerWrites('Round 0: is anyone there?');
    const request = agent.getByRole('article').filter({ hasText: 'Round 0: is anyone there?' });
    await request.getByRole('button', { name: 'Accept' }).click();
    const pane = agent.locator('.chat-pane', { hasText: 'Round 0: is anyone there?' });
    const startedAt = Date.now();

    for (let round = 1; round <= ROUNDS; round++) {
      if (round === 2) {
        // A forced drop: the browser goes offline, the sockets break, then it comes back.
        await context.setOffline(true);
        await agent.getByText('Connection lost').waitFor();
        await context.setOffline(false);
        await agent.getByText('Connection lost').waitFor({ state: 'detached' });
      }
      await customer.write(`Round ${round}: still there?`);
      await pane.getByText(`Round ${round}: still there?`).waitFor();
      await pane.getByLabel('Message').fill(`Answer ${round}`);
      await pane.getByRole('button', { name: 'Send' }).click();
      await customer.page.getByText(`Answer ${round}`).waitFor();
      // The supervisor's REST calls and socket go on with refreshed tokens.
      await supervisor.getByLabel('Search customer').fill(customer.name.split(' ')[0]!);
      await supervisor.locator('table.conversations tr', { hasText: customer.name }).waitFor();
      await supervisor.getByText('live', { exact: true }).waitFor();
      expect([round, await signedOut(agent), await signedOut(supervisor)]).toEqual([
        round,
        false,
        false,
      ]);
      // Time passing is what is under test: each round outlives one access token.
      const roundEnds = startedAt + round * TTL_SECONDS * 1000;
      if (Date.now() < roundEnds) await agent.waitForTimeout(roundEnds - Date.now());
    }
    await snap(agent, 'shift-01-after-four-token-lifetimes');
    expect(await agent.getByText('Ready', { exact: true }).count()).toBe(1);

    // The server goes away; the agent writes anyway.
    await server.kill('SIGKILL');
    await agent.getByText('Connection lost').waitFor();
    await pane.getByLabel('Message').fill('Typed while the server was down');
    await pane.getByRole('button', { name: 'Send' }).click();
    await pane.locator('.outgoing', { hasText: 'Typed while the server was down' }).waitFor();
    await snap(agent, 'shift-02-typed-offline');

    await start();
    await agent.getByText('Connection lost').waitFor({ state: 'detached' });
    await agent.getByText('Connection restored: you are Ready again.').waitFor();
    await agent.getByText('Ready', { exact: true }).waitFor();
    await customer.page.getByText('Typed while the server was down').waitFor();
    await pane.locator('.outgoing').waitFor({ state: 'detached' });
    await supervisor.getByText('live', { exact: true }).waitFor();
    await snap(agent, 'shift-03-after-restart');

    // Once on each side, and nobody was sent to the login screen.
    expect(await customer.page.getByText('Typed while the server was down').count()).toBe(1);
    const bubbles = await pane.locator('.transcript > li').allInnerTexts();
    expect(bubbles.filter((b) => b.includes('Typed while the server was down'))).toHaveLength(1);
    expect([await signedOut(agent), await signedOut(supervisor)]).toEqual([false, false]);
    expect(browser.cspViolations).toEqual([]);
  }, 240_000);
});
