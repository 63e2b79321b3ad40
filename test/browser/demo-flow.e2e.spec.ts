import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../apps/chat-server/src/demo/demo-identity';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { ensureWebAppBuilt, freePort, launchBrowser, logIn, snap } from './browser';

const AGENT = 'agent@demo.pagedesk.test';
const SUPERVISOR = 'supervisor@demo.pagedesk.test';

/**
 * The demo as a newcomer meets it, in real headless Chromium against the
 * server process `npm start` runs: an agent desktop, the Messenger simulator
 * playing the customer, and the supervision view. Screenshots of each step
 * go to artifacts/browser.
 */
describe('demo in the browser', () => {
  let dataDir: string;
  let port: number;
  let server: ServerProcess;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let context: BrowserContext;

  const origin = () => `http://127.0.0.1:${port}`;
  const start = async () => {
    server = await startServerProcess({
      DATA_DIR: dataDir,
      PORT: String(port),
      DEMO: '1',
      MESSENGER_CONFIG: '',
      MESSENGER_CONFIG_FILE: '',
      // Fixed so the agent's token survives the restart below, as it would in production.
      JWT_SECRET: 'browser-test-jwt-secret-0123456789abcdef',
      LOG_LEVEL: 'warn',
    });
  };

  beforeAll(async () => {
    ensureWebAppBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-browser-'));
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

  /** The customer side: a new Messenger customer in the simulator, who writes first. */
  async function customerWrites(text: string): Promise<{ page: Page; name: string }> {
    const page = await context.newPage();
    await page.goto(`${origin()}/simulator`);
    await page.getByRole('button', { name: 'New Messenger customer' }).click();
    const name = (await page.locator('.phone header strong').textContent()) ?? '';
    await page.getByLabel('Customer message').fill(text);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.locator('.fb-bubble.from-customer', { hasText: text }).waitFor();
    return { page, name };
  }

  async function readyAgent(): Promise<Page> {
    const page = await context.newPage();
    await logIn(page, origin(), AGENT, DEMO_PASSWORD);
    const ready = page.getByRole('checkbox');
    await ready.and(page.locator(':enabled')).waitFor();
    // The switch changes when the server has acknowledged, so it is clicked, then awaited.
    if (!(await ready.isChecked())) await ready.click();
    await page.getByText('Ready', { exact: true }).waitFor();
    return page;
  }

  // Found by what the customer wrote: their name may still be unknown when the request arrives.
  const requestOf = (agent: Page, firstMessage: string) =>
    agent.getByRole('article').filter({ hasText: firstMessage });
  const paneOf = (agent: Page, firstMessage: string) =>
    agent.locator('.chat-pane', { hasText: firstMessage });

  it('an agent answers a customer with text and a carousel, the customer taps a button, the supervisor reads the transcript', async () => {
    const agent = await readyAgent();
    await snap(agent, '01-agent-ready');

    const customer = await customerWrites('Hi! Do you have trail boots in size 42?');
    await snap(customer.page, '02-customer-writes');

    const request = requestOf(agent, 'Do you have trail boots in size 42?');
    await request.waitFor();
    await snap(agent, '03-agent-sees-request');
    await request.getByRole('button', { name: 'Accept' }).click();

    const pane = paneOf(agent, 'Do you have trail boots in size 42?');
    await pane.getByText(customer.name).waitFor();
    await pane.getByLabel('Message').fill('Yes, we do. Here are two:');
    await pane.getByRole('button', { name: 'Send' }).click();
    await pane.getByRole('tab', { name: 'carousel' }).click();
    await pane
      .getByLabel('Cards')
      .fill(
        'Trail boots | Waterproof, size 36-47 | | Buy boots\nHiking socks | Merino wool | | Buy socks',
      );
    await pane.getByRole('button', { name: 'Send' }).click();
    // Both messages reach the customer's phone: the simulator reports them delivered, then read.
    await pane.locator('.bubble.author-agent .tick-read').nth(1).waitFor();
    await snap(agent, '04-agent-replied-read');

    await customer.page.locator('.fb-card', { hasText: 'Trail boots' }).waitFor();
    await customer.page.getByText('Yes, we do. Here are two:').waitFor();
    await snap(customer.page, '05-customer-sees-carousel');
    await customer.page.getByRole('button', { name: 'Buy boots' }).click();

    const postback = pane.locator('.bubble.author-customer', { hasText: 'tapped a button' });
    await postback.getByText('Buy boots').waitFor();
    expect(await postback.getByText('BUY_BOOTS').count()).toBe(1);
    await snap(agent, '06-agent-sees-postback');

    await pane.getByRole('button', { name: 'Close' }).click();
    // Closing asks first (issue 19, item 8).
    await pane
      .getByRole('dialog', { name: 'Close chat' })
      .getByRole('button', { name: 'Close chat' })
      .click();
    await pane.getByText('You closed this chat.').waitFor();
    await snap(agent, '07-agent-closed');

    const supervisor = await context.newPage();
    await logIn(supervisor, origin(), SUPERVISOR, DEMO_PASSWORD);
    await supervisor.getByLabel('Search customer').fill(customer.name.split(' ')[0]);
    const row = supervisor.locator('table.conversations tr', { hasText: customer.name });
    await row.getByText('closed').waitFor();
    await row.getByRole('button', { name: 'Transcript' }).click();
    const transcript = supervisor.getByRole('region', { name: 'Transcript' });
    await transcript.getByText('Do you have trail boots in size 42?').waitFor();
    await transcript.getByText('Buy boots').waitFor();
    await transcript.getByText('— closed by the agent (Ada Agent) —').waitFor();
    await snap(supervisor, '08-supervisor-transcript');
    // Desktop, simulator and supervision view all ran under the server's CSP without a refusal.
    expect(browser.cspViolations).toEqual([]);
    await Promise.all([agent.close(), customer.page.close(), supervisor.close()]);
  }, 120_000);

  it('keeps every message on the agent screen, once, across a server restart mid-chat', async () => {
    const agent = await readyAgent();
    const customer = await customerWrites('My parcel has not arrived.');
    await requestOf(agent, 'My parcel has not arrived.')
      .getByRole('button', { name: 'Accept' })
      .click();
    const pane = paneOf(agent, 'My parcel has not arrived.');
    await pane.getByLabel('Message').fill('Let me check that for you.');
    await pane.getByRole('button', { name: 'Send' }).click();
    await pane.locator('.bubble.author-agent .tick-read').waitFor();

    await server.kill('SIGKILL');
    await agent.getByText('Connection lost').waitFor();
    await snap(agent, '09-connection-lost');

    await start();
    await agent.getByText('Connection lost').waitFor({ state: 'detached' });
    await customer.page.getByLabel('Customer message').fill('Are you still there?');
    await customer.page.getByRole('button', { name: 'Send', exact: true }).click();
    await pane.getByText('Are you still there?').waitFor();
    await pane.getByLabel('Message').fill('Yes: it leaves the warehouse today.');
    await pane.getByRole('button', { name: 'Send' }).click();
    await pane
      .locator('.bubble.author-agent', { hasText: 'leaves the warehouse' })
      .locator('.tick-read')
      .waitFor();
    await snap(agent, '10-after-restart');

    const bubbles = await pane.locator('.transcript > li').allInnerTexts();
    const count = (text: string) => bubbles.filter((b) => b.includes(text)).length;
    expect(
      [
        'My parcel has not arrived.',
        'Let me check that for you.',
        'Are you still there?',
        'leaves the warehouse',
      ].map(count),
    ).toEqual([1, 1, 1, 1]);
    expect(await pane.locator('.outgoing').count()).toBe(0);
  }, 120_000);
});
