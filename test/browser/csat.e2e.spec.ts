import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { DEMO_PASSWORD } from '../../apps/chat-server/src/demo/demo-identity';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { ensureWebAppBuilt, freePort, launchBrowser, logIn, snap } from './browser';

const AGENT = 'agent@demo.pagedesk.test';
const SUPERVISOR = 'supervisor@demo.pagedesk.test';
const QC = 'qc@demo.pagedesk.test';

/**
 * CSAT on the demo (its page asks a 1–5 survey after an agent closes), in
 * Debian's headless Chromium: the customer answers in the simulator, the
 * supervisor finds the answer in the service figures and the transcript; the
 * demo's qc login opens the Quality tab alone.
 */
describe('CSAT in the browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let context: BrowserContext;
  let origin: string;

  beforeAll(async () => {
    ensureWebAppBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-browser-csat-'));
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

  it("shows the customer's survey answer in the supervision view, per queue and per agent, and in the transcript", async () => {
    const agent = await context.newPage();
    await logIn(agent, origin, AGENT, DEMO_PASSWORD);
    const ready = agent.getByRole('checkbox');
    await ready.and(agent.locator(':enabled')).waitFor();
    if (!(await ready.isChecked())) await ready.click();
    await agent.getByText('Ready', { exact: true }).waitFor();

    const customer = await context.newPage();
    await customer.goto(`${origin}/simulator`);
    await customer.getByRole('button', { name: 'New Messenger customer' }).click();
    const name = (await customer.locator('.phone header strong').textContent()) ?? '';
    await customer.getByLabel('Customer message').fill('Is the red kayak back in stock?');
    await customer.getByRole('button', { name: 'Send', exact: true }).click();
    await agent
      .getByRole('article')
      .filter({ hasText: 'red kayak' })
      .getByRole('button', { name: 'Accept' })
      .click();
    const pane = agent.locator('.chat-pane', { hasText: 'red kayak' });
    await pane.getByLabel('Message').fill('Yes, since this morning.');
    await pane.getByRole('button', { name: 'Send' }).click();
    await customer.getByText('Yes, since this morning.').waitFor();
    await pane.getByRole('button', { name: 'Close' }).click();
    // Closing asks first; the survey follows the confirmed close only.
    await pane
      .getByRole('dialog', { name: 'Close chat' })
      .getByRole('button', { name: 'Close chat' })
      .click();
    await pane.getByText('You closed this chat.').waitFor();

    // The survey follows the closing message, with its five quick replies.
    await customer.getByText('How happy are you with our help today?', { exact: false }).waitFor();
    const replies = customer.locator('.fb-quick-replies button');
    expect(await replies.allTextContents()).toEqual(['1', '2', '3', '4', '5']);
    await snap(customer, 'csat-01-survey');
    await replies.getByText('4', { exact: true }).click();
    await customer.locator('.fb-bubble.from-customer', { hasText: '4' }).waitFor();

    const supervisor = await context.newPage();
    await logIn(supervisor, origin, SUPERVISOR, DEMO_PASSWORD);
    const figures = supervisor.getByRole('region', { name: 'Service figures' });
    const header = figures.locator('table.figures thead th');
    await header.getByText('CSAT', { exact: true }).waitFor();
    const csatColumn = (await header.allTextContents()).indexOf('CSAT');
    expect(csatColumn).toBeGreaterThan(0);
    const queueRow = figures.locator('table.figures tbody tr', { hasText: 'Demo shop' });
    // One survey, answered 4 of 5: satisfied, 100 %, average 4.00.
    await queueRow.locator('td').nth(csatColumn).getByText('100 % · 4.00/5 (1/1)').waitFor();
    await figures.getByLabel('Group by').selectOption('agent');
    const agentRow = figures.locator('table.figures tbody tr', { hasText: 'Ada Agent' });
    await agentRow.locator('td').nth(csatColumn).getByText('100 % · 4.00/5 (1/1)').waitFor();
    await snap(supervisor, 'csat-02-figures');

    await supervisor.getByLabel('Search customer').fill(name.split(' ')[0]!);
    const row = supervisor.locator('table.conversations tr', { hasText: name });
    await row.getByRole('button', { name: 'Transcript' }).click();
    const transcript = supervisor.getByRole('region', { name: 'Transcript' });
    await transcript.getByText('Satisfaction: 4 of 5').waitFor();
    await snap(supervisor, 'csat-03-transcript');
    await Promise.all([agent.close(), customer.close(), supervisor.close()]);
  }, 120_000);

  it('lets the demo qc user log in to the Quality tab alone', async () => {
    const qc = await context.newPage();
    await logIn(qc, origin, QC, DEMO_PASSWORD);
    await qc.getByText('Pagedesk · Quality').waitFor();
    await qc.getByText('Quinn Quality').waitFor();
    await qc.getByRole('region', { name: 'Ended conversations' }).waitFor();
    expect(await qc.getByRole('region', { name: 'Service figures' }).count()).toBe(0);
    await qc.close();
  }, 60_000);
});
