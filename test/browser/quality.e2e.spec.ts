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
 * The Quality tab on the demo, in Debian's headless Chromium: an agent
 * answers and closes a chat; the supervisor defines a scorecard, scores the
 * conversation from its transcript and finds the review listed with its score.
 */
describe('quality control in the browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let context: BrowserContext;
  let origin: string;

  beforeAll(async () => {
    ensureWebAppBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-browser-quality-'));
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

  async function closedChat(question: string): Promise<string> {
    const agent = await context.newPage();
    await logIn(agent, origin, AGENT, DEMO_PASSWORD);
    const ready = agent.getByRole('checkbox');
    await ready.and(agent.locator(':enabled')).waitFor();
    if (!(await ready.isChecked())) await ready.click();
    await agent.getByText('Ready', { exact: true }).waitFor();
    const customer: Page = await context.newPage();
    await customer.goto(`${origin}/simulator`);
    await customer.getByRole('button', { name: 'New Messenger customer' }).click();
    const name = (await customer.locator('.phone header strong').textContent()) ?? '';
    await customer.getByLabel('Customer message').fill(question);
    await customer.getByRole('button', { name: 'Send', exact: true }).click();
    await agent
      .getByRole('article')
      .filter({ hasText: question })
      .getByRole('button', { name: 'Accept' })
      .click();
    const pane = agent.locator('.chat-pane', { hasText: question });
    await pane.getByLabel('Message').fill('Sorted, it ships today.');
    await pane.getByRole('button', { name: 'Send' }).click();
    await customer.getByText('Sorted, it ships today.').waitFor();
    await pane.getByRole('button', { name: 'Close' }).click();
    // Closing asks first (issue 19, item 8).
    await pane
      .getByRole('dialog', { name: 'Close chat' })
      .getByRole('button', { name: 'Close chat' })
      .click();
    await pane.getByText('You closed this chat.').waitFor();
    await Promise.all([agent.close(), customer.close()]);
    return name;
  }

  it('lets a supervisor define a scorecard, fill it for a closed chat and see the review listed with its score', async () => {
    const customerName = await closedChat('My order never came');
    const supervisor = await context.newPage();
    await logIn(supervisor, origin, SUPERVISOR, DEMO_PASSWORD);
    await supervisor.getByRole('tab', { name: 'Quality' }).click();
    await supervisor.getByRole('region', { name: 'Service figures' }).waitFor({ state: 'hidden' });

    const editor = supervisor.getByRole('form', { name: 'New scorecard' });
    await editor.getByLabel('Scorecard name').fill('Chat basics');
    const first = editor.getByRole('group', { name: 'Criterion 1' });
    await first.getByLabel('Criterion').fill('Greets by name');
    await first.getByLabel('Scale').selectOption('yes_no');
    await editor.getByRole('button', { name: 'Add criterion' }).click();
    const second = editor.getByRole('group', { name: 'Criterion 2' });
    await second.getByLabel('Criterion').fill('Solves the problem');
    await second.getByLabel('Weight').fill('3');
    await second.getByLabel('Most points').fill('4');
    await editor.getByRole('button', { name: 'Save scorecard' }).click();
    const cards = supervisor.getByRole('region', { name: 'Scorecards' });
    await cards.getByText('Solves the problem ×3').waitFor();

    const ended = supervisor.getByRole('region', { name: 'Ended conversations' });
    await ended
      .locator('tr', { hasText: customerName })
      .getByRole('button', { name: 'Score' })
      .click();
    const form = supervisor.getByRole('region', { name: 'Score conversation' });
    await form
      .getByRole('list', { name: 'Transcript to score' })
      .getByText('Sorted, it ships today.')
      .waitFor();
    await form.getByRole('button', { name: 'Submit review' }).click();
    await form
      .getByRole('alert')
      .getByText('Mark every criterion (or n/a): Greets by name, Solves the problem')
      .waitFor();
    await form.getByLabel('Greets by name mark').selectOption('yes');
    await form.getByLabel('Solves the problem mark').selectOption('3');
    await form.getByLabel('Solves the problem comment').fill('found the parcel');
    await form.getByLabel('Review comment').fill('Quick and kind');
    await form.getByRole('button', { name: 'Submit review' }).click();
    // yes (1·1) + 3 of 4 (3·0.75) = 3.25 of 4 → 81.25 %
    await form.getByRole('status').getByText('Scored 81.25 %').waitFor();

    const reviews = supervisor.getByRole('region', { name: 'Reviews' });
    const row = reviews.locator('table.reviews tbody tr', { hasText: 'Quick and kind' });
    await row.waitFor();
    expect(await row.locator('.review-score').textContent()).toBe('81.25 %');
    expect(await row.locator('td').nth(1).textContent()).toBe('Ada Agent');
    expect(await row.locator('td').nth(4).textContent()).toBe('Sam Supervisor');
    await snap(supervisor, 'quality-01-reviewed');

    // Filtered by a score above it, the review is gone; by the agent, it is back.
    await reviews.getByLabel('Minimum score').fill('90');
    await reviews.getByText('No reviews match.').waitFor();
    await reviews.getByLabel('Minimum score').fill('');
    await reviews.getByLabel('Reviewed agent').selectOption({ label: 'Ada Agent' });
    await row.waitFor();
  });
});
