import type { Locator } from 'playwright-core';
import { snap } from './browser';
import { customerWrites, deskDemo, loggedIn, paneOf, readyAgent, requestOf } from './desk-demo';

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
  const demo = deskDemo();

  it('draws the figures, follows an open transcript live, explains its state, and lets the supervisor take over and answer', async () => {
    const agent = await readyAgent(demo);
    const customer = await customerWrites(demo, 'Where is my tent?');
    await requestOf(agent, 'Where is my tent?').getByRole('button', { name: 'Accept' }).click();
    const pane = paneOf(agent, 'Where is my tent?');
    await pane.getByLabel('Message').fill('It ships tomorrow.');
    await pane.getByRole('button', { name: 'Send' }).click();
    await customer.page.getByText('It ships tomorrow.').waitFor();

    const supervisor = await loggedIn(demo, SUPERVISOR);
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
    await customer.write('Can I pick it up instead?');
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
