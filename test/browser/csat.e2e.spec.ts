import { snap } from './browser';
import { customerWrites, deskDemo, loggedIn, paneOf, readyAgent, requestOf } from './desk-demo';

const SUPERVISOR = 'supervisor@demo.pagedesk.test';
const QC = 'qc@demo.pagedesk.test';

/**
 * CSAT on the demo (its page asks a 1–5 survey after an agent closes), in
 * Debian's headless Chromium: the customer answers in the simulator, the
 * supervisor finds the answer in the service figures and the transcript; the
 * demo's qc login opens the Quality tab alone.
 */
describe('CSAT in the browser', () => {
  const demo = deskDemo();

  it("shows the customer's survey answer in the supervision view, per queue and per agent, and in the transcript", async () => {
    const agent = await readyAgent(demo);
    const { page: customer, name } = await customerWrites(demo, 'Is the red kayak back in stock?');
    await requestOf(agent, 'red kayak').getByRole('button', { name: 'Accept' }).click();
    const pane = paneOf(agent, 'red kayak');
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
    // The bubble that starts with the tap: any bubble's time of day ("04:05 PM") may contain a 4.
    await customer.locator('.fb-bubble.from-customer', { hasText: /^4(?!\d)/ }).waitFor();

    const supervisor = await loggedIn(demo, SUPERVISOR);
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
    const qc = await loggedIn(demo, QC);
    await qc.getByText('Pagedesk · Quality').waitFor();
    await qc.getByText('Quinn Quality').waitFor();
    await qc.getByRole('region', { name: 'Ended conversations' }).waitFor();
    expect(await qc.getByRole('region', { name: 'Service figures' }).count()).toBe(0);
    await qc.close();
  }, 60_000);
});
