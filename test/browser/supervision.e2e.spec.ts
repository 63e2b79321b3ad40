import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../apps/chat-server/src/demo/demo-identity';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { ensureWebAppBuilt, freePort, launchBrowser, logIn, snap } from './browser';

const AGENT = 'agent@demo.pagedesk.test';
const SUPERVISOR = 'supervisor@demo.pagedesk.test';

/** How many pixels of a canvas Chart.js painted: 0 for an empty chart. */
const paintedPixels = (canvas: Locator) =>
  canvas.evaluate((element) => {
    // The test's own tsconfig has no DOM types: the canvas is described by what is used of it.
    const c = element as unknown as {
      width: number;
      height: number;
      getContext(kind: '2d'): { getImageData(...box: number[]): { data: Uint8ClampedArray } };
    };
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
    return painted;
  });

/**
 * The supervision view on the demo (server process, processing in its
 * worker thread), in Debian's headless Chromium: service figures as charts
 * and a table, a live transcript, "why is it in this state", take over.
 */
describe('supervision view in the browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let context: BrowserContext;
  let origin: string;

  beforeAll(async () => {
    ensureWebAppBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-browser-supervision-'));
    const port = await freePort();
    server = await startServerProcess({
      DATA_DIR: dataDir,
      PORT: String(port),
      DEMO: '1',
      MESSENGER_CONFIG: '',
      MESSENGER_CONFIG_FILE: '',
      LOG_LEVEL: 'warn',
    });
    origin = `http://127.0.0.1:${port}`;
    browser = await launchBrowser();
    context = browser.context;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function customerWrites(text: string): Promise<{ page: Page; name: string }> {
    const page = await context.newPage();
    await page.goto(`${origin}/simulator`);
    await page.getByRole('button', { name: 'New Messenger customer' }).click();
    const name = (await page.locator('.phone header strong').textContent()) ?? '';
    await say(page, text);
    return { page, name };
  }
  async function say(page: Page, text: string): Promise<void> {
    await page.getByLabel('Customer message').fill(text);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.locator('.fb-bubble.from-customer', { hasText: text }).waitFor();
  }

  it('draws the figures, follows an open transcript live, explains its state, and lets the supervisor take over and answer', async () => {
    const agent = await context.newPage();
    await logIn(agent, origin, AGENT, DEMO_PASSWORD);
    const ready = agent.getByRole('checkbox');
    await ready.and(agent.locator(':enabled')).waitFor();
    if (!(await ready.isChecked())) await ready.click();
    await agent.getByText('Ready', { exact: true }).waitFor();

    const customer = await customerWrites('Where is my tent?');
    const request = agent.getByRole('article').filter({ hasText: 'Where is my tent?' });
    await request.getByRole('button', { name: 'Accept' }).click();
    const pane = agent.locator('.chat-pane', { hasText: 'Where is my tent?' });
    await pane.getByLabel('Message').fill('It ships tomorrow.');
    await pane.getByRole('button', { name: 'Send' }).click();
    await customer.page.getByText('It ships tomorrow.').waitFor();

    const supervisor = await context.newPage();
    await logIn(supervisor, origin, SUPERVISOR, DEMO_PASSWORD);
    const figures = supervisor.getByRole('region', { name: 'Service figures' });
    const queueRow = figures.locator('table.figures tbody tr', { hasText: 'Demo shop' });
    // Offered 1, answered 1, abandoned 0, nobody waiting.
    await queueRow.locator('td').nth(1).getByText('1', { exact: true }).waitFor();
    expect(await queueRow.locator('td').nth(2).textContent()).toBe('1');
    expect(await queueRow.locator('td').nth(3).textContent()).toBe('0');
    expect(await queueRow.locator('td').nth(4).textContent()).toBe('0');
    await expect(
      paintedPixels(figures.getByRole('img', { name: 'Conversations' })),
    ).resolves.toBeGreaterThan(500);
    await expect(
      paintedPixels(figures.getByRole('img', { name: 'Service level' })),
    ).resolves.toBeGreaterThan(500);
    await figures.getByLabel('Group by').selectOption('agent');
    await figures.locator('table.figures tbody tr', { hasText: 'Ada Agent' }).waitFor();
    await snap(supervisor, 'supervision-01-figures');

    await supervisor.getByLabel('Search customer').fill(customer.name.split(' ')[0]!);
    const row = supervisor.locator('table.conversations tr', { hasText: customer.name });
    await row.getByText('assigned').waitFor();
    await row.getByRole('button', { name: 'Transcript' }).click();
    const transcript = supervisor.getByRole('region', { name: 'Transcript' });
    await transcript.getByText('It ships tomorrow.').waitFor();

    // Live: the customer writes while the transcript is open; no reload, no click.
    await say(customer.page, 'Can I pick it up instead?');
    await transcript.getByText('Can I pick it up instead?').waitFor();
    await snap(supervisor, 'supervision-02-live-transcript');

    await transcript.getByRole('button', { name: 'Why this state?' }).click();
    const history = transcript.getByRole('table', { name: 'Event history' });
    await history.locator('tr', { hasText: 'AgentAssigned' }).getByText('Ada Agent').waitFor();

    await transcript.getByRole('button', { name: 'Take over' }).click();
    await transcript.getByText('— transferred (Sam Supervisor) —').waitFor();
    await history.locator('tr', { hasText: 'AgentAssigned' }).getByText('Sam Supervisor').waitFor();
    await snap(supervisor, 'supervision-03-taken-over');

    // The supervisor now holds it: answers from the supervision view, then ends the chat.
    await transcript.getByLabel('Reply as supervisor').fill('I will sort this out myself.');
    await transcript.getByRole('button', { name: 'Send' }).click();
    await customer.page.getByText('I will sort this out myself.').waitFor();
    await transcript.getByText('I will sort this out myself.').waitFor();
    await transcript.getByRole('button', { name: 'End chat' }).click();
    await transcript.getByText('— closed by the agent (Sam Supervisor) —').waitFor();
    await Promise.all([agent.close(), customer.page.close(), supervisor.close()]);
  }, 120_000);
});
