import type { Page } from 'playwright-core';
import { snap } from './browser';
import { customerWrites, deskDemo, paneOf, readyAgent, requestOf } from './desk-demo';

/**
 * Records, in the agent's tab, each chime (an oscillator started) and each desktop notification
 * shown: what the agent would hear and see outside the page.
 */
const RECORD_CUES = `
  window.__cues = [];
  const RealNotification = window.Notification;
  window.Notification = class extends RealNotification {
    constructor(title, options) {
      super(title, options);
      window.__cues.push({ kind: 'notification', title, body: options && options.body });
    }
  };
  const createOscillator = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function () {
    window.__cues.push({ kind: 'sound' });
    return createOscillator.call(this);
  };
`;
type Cue = { kind: 'sound' | 'notification'; title?: string; body?: string };
const cues = (page: Page) => page.evaluate<Cue[]>('window.__cues');
const clearCues = (page: Page) => page.evaluate('window.__cues.length = 0');
const waitForCues = (page: Page, count: number) =>
  page.waitForFunction(`window.__cues.length >= ${count}`);

describe('attention cues in the browser', () => {
  const demo = deskDemo();

  it('chimes and notifies for a request and for a message in a chat not in front, badges it, counts it in the title, and tells the waiting count at capacity', async () => {
    const agent = await demo.context.newPage();
    await agent.addInitScript(RECORD_CUES);
    await readyAgent(demo, agent);
    // The agent allows notifications from the desk.
    await demo.context.grantPermissions(['notifications'], { origin: demo.origin });
    await agent.getByRole('button', { name: 'Turn on notifications' }).click();
    await agent
      .getByRole('button', { name: 'Turn on notifications' })
      .waitFor({ state: 'detached' });
    await agent.getByText('0 customers waiting').waitFor();

    const a = await customerWrites(demo, 'Hello from the first customer');
    await requestOf(agent, 'Hello from the first customer').waitFor();
    await waitForCues(agent, 2);
    expect(await cues(agent)).toEqual([
      { kind: 'sound' },
      {
        kind: 'notification',
        title: 'New chat request',
        body: expect.stringContaining('Hello from the first customer'),
      },
    ]);
    await agent.getByText('1 customer waiting', { exact: true }).waitFor();
    await agent.keyboard.press('Alt+A');
    await paneOf(agent, 'Hello from the first customer').getByLabel('Message').waitFor();

    const b = await customerWrites(demo, 'Second customer here');
    await requestOf(agent, 'Second customer here').getByRole('button', { name: 'Accept' }).click();
    await paneOf(agent, 'Second customer here').getByLabel('Message').waitFor();
    await clearCues(agent);

    // The first customer writes while the second chat is in front.
    await a.write('Are you still there?');
    const list = agent.getByRole('navigation', { name: 'Your chats' });
    const first = list.getByRole('button', { name: `${a.name}, 1 unread message` });
    await first.waitFor();
    expect(await first.locator('.unread-badge').innerText()).toBe('1');
    await agent.waitForFunction("document.title === '(1) Pagedesk'");
    await waitForCues(agent, 2);
    expect(await cues(agent)).toEqual([
      { kind: 'sound' },
      { kind: 'notification', title: a.name, body: 'Are you still there?' },
    ]);
    // Nothing for a message in the chat in front.
    await clearCues(agent);
    await b.write('One more thing');
    await paneOf(agent, 'Second customer here').getByText('One more thing').waitFor();
    expect(await cues(agent)).toEqual([]);
    await snap(agent, 'attention-01-unread-badge');

    await first.click();
    await paneOf(agent, 'Hello from the first customer')
      .getByText('Are you still there?')
      .waitFor();
    await list.getByRole('button', { name: a.name, exact: true }).waitFor();
    await agent.waitForFunction("document.title === 'Pagedesk'");

    // At capacity (3 chats) a new customer is not offered, but the agent sees that they wait.
    const c = await customerWrites(demo, 'Third customer');
    await requestOf(agent, 'Third customer').getByRole('button', { name: 'Accept' }).click();
    await paneOf(agent, 'Third customer').getByLabel('Message').waitFor();
    await agent.getByText('0 customers waiting').waitFor();
    const d = await customerWrites(demo, 'Fourth customer, waiting');
    await agent.getByText('1 customer waiting', { exact: true }).waitFor();
    expect(await requestOf(agent, 'Fourth customer, waiting').count()).toBe(0);
    await snap(agent, 'attention-02-waiting-at-capacity');
    expect(demo.cspViolations).toEqual([]);
    await Promise.all([agent, a.page, b.page, c.page, d.page].map((p) => p.close()));
  }, 150_000);
});
