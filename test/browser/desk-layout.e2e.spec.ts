import type { Page } from 'playwright-core';
import { snap } from './browser';
import { customerWrites, deskDemo, paneOf, readyAgent, requestOf } from './desk-demo';

const LONG_URL = `https://shop.example.com/orders/${'a1b2c3d4e5'.repeat(12)}?utm_source=messenger`;

/** Controls on screen without an accessible name, as a screen reader would meet them (run in the page). */
const UNLABELLED = `[...document.querySelectorAll('button, input, textarea, select')]
  .filter((el) => el.offsetParent !== null)
  .filter((el) => !(el.getAttribute('aria-label') || (el.labels && el.labels.length > 0) ||
    (el.tagName === 'BUTTON' && el.textContent.trim())))
  .map((el) => el.outerHTML.slice(0, 80))`;
const unlabelled = (page: Page) => page.evaluate<string[]>(UNLABELLED);
const focusedLabel = (page: Page) =>
  page.evaluate<string | null>("document.activeElement?.getAttribute('aria-label') ?? null");
/** The focused control's words: a button's text, or a checkbox's label. */
const focusedText = (page: Page) =>
  page.evaluate<string>(
    "(document.activeElement?.closest('label') ?? document.activeElement)?.textContent?.trim() ?? ''",
  );

describe('the desk on a phone and from the keyboard', () => {
  const demo = deskDemo();

  it('at 390 px shows the list or one chat, wraps long words, makes only http(s) links, and works from the keyboard', async () => {
    const agent = await demo.context.newPage();
    await agent.setViewportSize({ width: 390, height: 844 });
    await readyAgent(demo, agent);
    const first = await customerWrites(demo, `Where is my order? ${LONG_URL}`);
    await first.write('Not a link: javascript:alert(document.cookie)');

    await requestOf(agent, 'Where is my order?').waitFor();
    await snap(agent, 'layout-01-phone-request');
    // Accepted from the keyboard: the chat fills the screen and the cursor waits in the composer.
    await agent.keyboard.press('Alt+A');
    const pane = paneOf(agent, 'Where is my order?');
    await pane.getByText('Not a link').waitFor();
    await agent.getByText('1 active chat', { exact: true }).waitFor();
    expect(await agent.getByRole('complementary', { name: 'Chat requests' }).isVisible()).toBe(
      false,
    );
    expect(await focusedLabel(agent)).toBe('Message');

    const link = pane.getByRole('link', { name: LONG_URL });
    expect([
      await link.getAttribute('href'),
      await link.getAttribute('target'),
      await link.getAttribute('rel'),
    ]).toEqual([LONG_URL, '_blank', 'noopener noreferrer']);
    expect(await pane.getByRole('link', { name: /javascript/ }).count()).toBe(0);
    // Nothing sticks out of the 390 px screen: the address breaks inside its bubble.
    const widths = await agent.evaluate<{ page: number; bubble: number }>(`({
      page: document.documentElement.scrollWidth,
      bubble: Math.max(...[...document.querySelectorAll('.bubble')].map((b) => b.getBoundingClientRect().right)),
    })`);
    expect(widths.page).toBeLessThanOrEqual(390);
    expect(widths.bubble).toBeLessThanOrEqual(390);
    await agent.keyboard.type('On its way!');
    await agent.keyboard.press('Enter');
    await pane.locator('.bubble.author-agent', { hasText: 'On its way!' }).waitFor();
    await snap(agent, 'layout-02-phone-chat');
    expect(await unlabelled(agent)).toEqual([]);

    // Back to the list for the next customer, accepted with the button this time.
    await agent.getByRole('button', { name: 'All chats and requests' }).click();
    const second = await customerWrites(demo, 'Do you ship to Norway?');
    await requestOf(agent, 'Do you ship to Norway?')
      .getByRole('button', { name: 'Accept' })
      .click();
    await paneOf(agent, 'Do you ship to Norway?').getByLabel('Message').waitFor();
    expect(await focusedLabel(agent)).toBe('Message');
    await agent.getByText('2 active chats', { exact: true }).waitFor();
    await snap(agent, 'layout-03-phone-second-chat');

    // Alt+N brings the other chat in front; Alt+C asks to close the one in front, and the
    // confirmation, wrap-up tags included, is answered from the keyboard too.
    await agent.keyboard.press('Alt+N');
    await pane.getByText('On its way!').waitFor();
    expect(await paneOf(agent, 'Do you ship to Norway?').isVisible()).toBe(false);
    await agent.keyboard.press('Alt+C');
    const confirm = pane.getByRole('dialog', { name: 'Close chat' });
    await confirm.getByRole('checkbox').first().waitFor();
    expect(await focusedLabel(agent)).toBe('Close chat');
    expect(await paneOf(agent, 'Do you ship to Norway?').getByRole('dialog').count()).toBe(0);
    // Escape keeps the chat open and the cursor back in its composer.
    await agent.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    expect(await focusedLabel(agent)).toBe('Message');
    expect(await pane.getByText('You closed this chat.').count()).toBe(0);
    await agent.keyboard.press('Alt+C');
    await confirm.getByRole('checkbox').first().waitFor();
    await agent.keyboard.press('Tab');
    await agent.keyboard.press('Space');
    const tag = await focusedText(agent);
    expect(await confirm.getByRole('checkbox', { name: tag }).isChecked()).toBe(true);
    for (let i = 0; i < 8 && (await focusedText(agent)) !== 'Close chat'; i++)
      await agent.keyboard.press('Tab');
    await snap(agent, 'layout-04-phone-close-confirmation');
    await agent.keyboard.press('Enter');
    await pane.getByText('You closed this chat.').waitFor();
    await agent.getByText('1 active chat', { exact: true }).waitFor();
    await snap(agent, 'layout-05-phone-closed-by-keyboard');

    await agent.getByRole('button', { name: 'All chats and requests' }).click();
    const list = agent.getByRole('navigation', { name: 'Your chats' });
    await list.getByRole('button', { name: `${first.name}, ended` }).waitFor();
    await snap(agent, 'layout-06-phone-list');
    expect(await unlabelled(agent)).toEqual([]);
    expect(demo.cspViolations).toEqual([]);
    await Promise.all([agent.close(), first.page.close(), second.page.close()]);
  }, 120_000);
});
