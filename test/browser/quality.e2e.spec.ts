import { snap } from './browser';
import { customerWrites, deskDemo, loggedIn, paneOf, readyAgent, requestOf } from './desk-demo';

const SUPERVISOR = 'supervisor@demo.pagedesk.test';

/**
 * The Quality tab on the demo, in Debian's headless Chromium: an agent
 * answers and closes a chat; the supervisor defines a scorecard, scores the
 * conversation from its transcript and finds the review listed with its score.
 */
describe('quality control in the browser', () => {
  const demo = deskDemo();

  async function closedChat(question: string): Promise<string> {
    const agent = await readyAgent(demo);
    const { page: customer, name } = await customerWrites(demo, question);
    await requestOf(agent, question).getByRole('button', { name: 'Accept' }).click();
    const pane = paneOf(agent, question);
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
    const supervisor = await loggedIn(demo, SUPERVISOR);
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
