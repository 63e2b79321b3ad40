import { snap } from './browser';
import { customerWrites, deskDemo, loggedIn, paneOf, readyAgent, requestOf } from './desk-demo';

const SUPERVISOR = 'supervisor@demo.pagedesk.test';

/**
 * The demo as a newcomer meets it, in real headless Chromium against the
 * server process `npm start` runs: an agent desktop, the Messenger simulator
 * playing the customer, and the supervision view. Screenshots of each step
 * go to artifacts/browser.
 */
describe('demo in the browser', () => {
  const demo = deskDemo({
    // Fixed so the agent's token survives the restart below, as it would in production.
    JWT_SECRET: 'browser-test-jwt-secret-0123456789abcdef',
  });

  it('an agent answers a customer with text and a carousel, the customer taps a button, the supervisor reads the transcript', async () => {
    const agent = await readyAgent(demo);
    await snap(agent, '01-agent-ready');

    const customer = await customerWrites(demo, 'Hi! Do you have trail boots in size 42?');
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

    const supervisor = await loggedIn(demo, SUPERVISOR);
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
    expect(demo.cspViolations).toEqual([]);
    await Promise.all([agent.close(), customer.page.close(), supervisor.close()]);
  }, 120_000);

  it('keeps every message on the agent screen, once, across a server restart mid-chat', async () => {
    const agent = await readyAgent(demo);
    const customer = await customerWrites(demo, 'My parcel has not arrived.');
    await requestOf(agent, 'My parcel has not arrived.')
      .getByRole('button', { name: 'Accept' })
      .click();
    const pane = paneOf(agent, 'My parcel has not arrived.');
    await pane.getByLabel('Message').fill('Let me check that for you.');
    await pane.getByRole('button', { name: 'Send' }).click();
    await pane.locator('.bubble.author-agent .tick-read').waitFor();

    await demo.crash();
    await agent.getByText('Connection lost').waitFor();
    await snap(agent, '09-connection-lost');

    await demo.start();
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
