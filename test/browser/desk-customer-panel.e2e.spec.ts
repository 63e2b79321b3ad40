import type { Page } from 'playwright-core';
import { DEMO_PAGE_NAME } from '../../apps/chat-server/src/demo/demo-identity';
import { snap } from './browser';
import { customerWrites, deskDemo, paneOf, readyAgent, requestOf } from './desk-demo';

/**
 * Issue 19, item 2 as an agent meets it in the demo: a returning customer's
 * card names them, and the panel beside the chat shows who they are, what they
 * shared, and their earlier conversation, which opens read-only. Screenshots
 * go to artifacts/browser (git-ignored).
 */
describe('the customer panel in the browser', () => {
  const demo = deskDemo();

  const panelOf = (agent: Page) =>
    agent.locator('.pane-slot:not([hidden])').getByRole('complementary', { name: 'Customer' });

  async function asksFor(agent: Page, first: string, what: 'Email' | 'Phone') {
    const pane = paneOf(agent, first);
    await pane.getByLabel('Message').fill(what);
    await pane.getByRole('button', { name: 'Send' }).click();
  }

  it('a returning customer: named on the card, with picture, page, channel, the e-mail from last time and the earlier chat to read; a phone shared now appears live', async () => {
    const agent = await readyAgent(demo);
    const customer = await customerWrites(demo, 'My boots are too small');
    await requestOf(agent, 'My boots are too small')
      .getByRole('button', { name: 'Accept' })
      .click();
    await asksFor(agent, 'My boots are too small', 'Email');
    await customer.page.getByRole('button', { name: 'Share my e-mail' }).click();
    const email = `${customer.name.replace(' ', '.')}@example.com`.toLowerCase();
    await panelOf(agent).getByRole('definition').filter({ hasText: email }).waitFor();
    const first = paneOf(agent, 'My boots are too small');
    await first.getByRole('button', { name: 'Close' }).click();
    await first
      .getByRole('dialog', { name: 'Close chat' })
      .getByRole('button', { name: 'Close chat' })
      .click();
    await first.getByText('You closed this chat.').waitFor();

    // A week later, so to speak: the same customer writes again.
    await customer.write('Back again: can I exchange them?');
    const card = requestOf(agent, 'Back again: can I exchange them?');
    await card.getByText(customer.name).waitFor();
    await snap(agent, 'customer-01-returning-card-named');
    await card.getByRole('button', { name: 'Accept' }).click();
    await paneOf(agent, 'Back again: can I exchange them?').waitFor();

    const panel = panelOf(agent);
    await panel.getByText('1 previous conversation').waitFor();
    await panel.getByText(customer.name).waitFor();
    expect(await panel.locator('img.avatar').getAttribute('src')).toMatch(
      /\/simulator\/avatar\/.+\.svg$/,
    );
    await panel.getByText(DEMO_PAGE_NAME).waitFor();
    await panel.getByText('Messenger', { exact: true }).waitFor();
    await panel.getByRole('definition').filter({ hasText: email }).waitFor();
    await snap(agent, 'customer-02-panel');

    await panel.getByRole('list').getByRole('button').click();
    const earlier = panel.getByRole('region', { name: 'Earlier conversation (read-only)' });
    await earlier.getByText('My boots are too small').waitFor();
    // Read-only: nothing to write with inside it.
    expect(await earlier.getByRole('textbox').count()).toBe(0);
    await snap(agent, 'customer-03-earlier-transcript');

    await asksFor(agent, 'Back again: can I exchange them?', 'Phone');
    await customer.page.getByRole('button', { name: 'Share my phone number' }).click();
    await panel.getByRole('definition').filter({ hasText: '+15555550123' }).waitFor();
    await panel.getByRole('definition').filter({ hasText: email }).waitFor();
    await snap(agent, 'customer-04-phone-shared-live');
    expect(demo.cspViolations).toEqual([]);
  }, 120_000);

  it('a Chat Plugin guest logs in to Facebook mid-chat: the panel and the chat show the upgraded channel and name at once, without a reload', async () => {
    const agent = await readyAgent(demo);
    const guest = await demo.context.newPage();
    await guest.goto(`${demo.origin}/simulator`);
    await guest.getByRole('button', { name: 'New website guest (Chat Plugin)' }).click();
    await guest.getByLabel('Customer message').fill('Do you ship to Norway?');
    await guest.getByRole('button', { name: 'Send', exact: true }).click();
    const card = requestOf(agent, 'Do you ship to Norway?');
    await card.getByText('guest', { exact: true }).waitFor();
    await card.getByRole('button', { name: 'Accept' }).click();
    const pane = paneOf(agent, 'Do you ship to Norway?');
    const panel = panelOf(agent);
    await panel.getByText('Chat Plugin (guest)').waitFor();
    await pane.getByText('website guest').waitFor();
    await snap(agent, 'customer-05-guest-panel');

    // The upgrade reaches Pagedesk as the GUEST_UPGRADE webhook the simulator sends.
    await guest.getByRole('button', { name: 'Log in with Facebook' }).click();
    await guest
      .getByRole('button', { name: 'Log in with Facebook' })
      .waitFor({ state: 'detached' });
    const name = (await guest.locator('.phone header strong').textContent()) ?? '';
    expect(name).not.toMatch(/Website guest/);
    await panel.getByText('Chat Plugin (logged in with Facebook)').waitFor();
    await panel.getByText(name).waitFor();
    await pane.getByRole('heading').or(pane.locator('header strong')).getByText(name).waitFor();
    expect(await pane.getByText('website guest').count()).toBe(0);
    expect(await panel.getByText('Chat Plugin (guest)').count()).toBe(0);
    await snap(agent, 'customer-06-guest-upgraded-live');
    await Promise.all([agent.close(), guest.close()]);
  }, 120_000);
});
