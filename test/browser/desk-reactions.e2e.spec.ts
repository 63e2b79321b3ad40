import { snap } from './browser';
import { customerWrites, deskDemo, paneOf, readyAgent, requestOf } from './desk-demo';

describe('edits and reactions in the browser', () => {
  const demo = deskDemo();

  it('shows the customer’s edit with its history and their reaction, and lets the agent react and take it back', async () => {
    const agent = await readyAgent(demo);
    const customer = await customerWrites(demo, 'I need the boots in size 41');
    await requestOf(agent, 'I need the boots in size 41')
      .getByRole('button', { name: 'Accept' })
      .click();
    const pane = paneOf(agent, 'I need the boots in size 41');
    await pane.getByLabel('Message').waitFor();

    // The customer corrects themself in Messenger: the agent sees the new text, marked edited.
    const own = customer.page.locator('.fb-bubble.from-customer', { hasText: 'size 41' });
    await own.getByRole('button', { name: 'Edit' }).click();
    await customer.page.getByLabel('Edit message').fill('I need the boots in size 42');
    await customer.page.getByRole('button', { name: 'Save edit' }).click();
    const asked = pane.locator('.bubble.author-customer', { hasText: 'size 42' });
    await asked.getByText('edited').waitFor();
    expect(await asked.locator('.rich-text').innerText()).toBe('I need the boots in size 42');
    await asked.getByText('edited').click();
    await asked
      .getByRole('list', { name: 'Earlier versions' })
      .getByText('I need the boots in size 41')
      .waitFor();
    await snap(agent, 'reactions-01-agent-sees-edit');

    // The agent answers; the customer loves the answer.
    await pane.getByLabel('Message').fill('Size 42 is in stock.');
    await pane.getByRole('button', { name: 'Send' }).click();
    const answer = customer.page.locator('.fb-bubble.from-page', {
      hasText: 'Size 42 is in stock.',
    });
    await answer.getByRole('button', { name: '❤️ React' }).click();
    const reply = pane.locator('.bubble.author-agent', { hasText: 'Size 42 is in stock.' });
    await reply.getByRole('img', { name: 'Customer reacted ❤️' }).waitFor();
    await snap(agent, 'reactions-02-customer-reacted');

    // The agent likes the customer's message: it reaches the customer's phone.
    await asked.getByRole('button', { name: 'React' }).click();
    await asked.getByRole('button', { name: 'React with like' }).click();
    await asked.locator('.reaction-sent', { hasText: '👍' }).waitFor();
    await customer.page
      .locator('.fb-bubble.from-customer', { hasText: 'size 42' })
      .getByRole('img', { name: 'Page reacted 👍' })
      .waitFor();
    await snap(agent, 'reactions-03-agent-reacted');
    await snap(customer.page, 'reactions-04-customer-sees-reaction');

    // …and takes it back.
    await asked.getByRole('button', { name: 'React' }).click();
    await asked.getByRole('button', { name: 'Remove reaction' }).click();
    await asked.getByRole('img', { name: /You reacted/ }).waitFor({ state: 'detached' });
    await customer.page
      .getByRole('img', { name: 'Page reacted 👍' })
      .waitFor({ state: 'detached' });
    await snap(customer.page, 'reactions-05-customer-reaction-removed');
    expect(demo.cspViolations).toEqual([]);
    await Promise.all([agent.close(), customer.page.close()]);
  }, 120_000);
});
