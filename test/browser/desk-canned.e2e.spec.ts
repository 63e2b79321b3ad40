import { DEMO_PASSWORD } from '../../apps/chat-server/src/demo/demo-identity';
import { logIn, snap } from './browser';
import { customerWrites, deskDemo, paneOf, readyAgent, requestOf } from './desk-demo';

const SUPERVISOR = 'supervisor@demo.pagedesk.test';

/**
 * Issue 19, item 3 as a team meets it in the demo: a supervisor writes canned responses with
 * placeholders, an agent types `/gre`, picks one from the keyboard, edits it and sends; the
 * customer's phone (the simulator plays Facebook) gets the expanded text. Screenshots go to
 * artifacts/browser (git-ignored).
 */
describe('canned responses in the browser', () => {
  const demo = deskDemo();

  it('a supervisor saves /greet with {{customer.first_name}} and {{agent.name}}; Ada picks it with / and the customer reads it expanded', async () => {
    const supervisor = await demo.context.newPage();
    await logIn(supervisor, demo.origin, SUPERVISOR, DEMO_PASSWORD);
    const editor = supervisor.getByRole('region', { name: 'Canned responses' });
    const add = async (shortcut: string, title: string, text: string, quickReplies = '') => {
      await editor.getByLabel('Shortcut').fill(shortcut);
      await editor.getByLabel('Title').fill(title);
      await editor.getByLabel('Canned text').fill(text);
      await editor.getByLabel('Canned quick replies').fill(quickReplies);
      await editor.getByRole('button', { name: 'Add canned response' }).click();
      await editor
        .getByRole('listitem')
        .filter({ hasText: `/${shortcut}` })
        .waitFor();
    };
    // A placeholder the desk cannot fill is refused at save time, with the server's reason.
    await editor.getByLabel('Shortcut').fill('oops');
    await editor.getByLabel('Title').fill('Oops');
    await editor.getByLabel('Canned text').fill('Hi {{customer.nickname}}');
    await editor.getByRole('button', { name: 'Add canned response' }).click();
    await editor
      .getByRole('alert')
      .getByText(/unknown placeholder \{\{customer.nickname\}\}/)
      .waitFor();
    await add(
      'greet',
      'Greeting',
      "Hi {{customer.first_name}}, I'm {{agent.name}} from {{page.name}}. How can I help?",
      'Track my order, Email',
    );
    await add('goodbye', 'Goodbye', 'Thanks for writing, {{customer.name}}!');
    expect(await editor.getByRole('alert').count()).toBe(0);
    await snap(supervisor, 'canned-01-supervisor-editor');

    const agent = await readyAgent(demo);
    const customer = await customerWrites(demo, 'Hello, is anyone there?');
    const firstName = customer.name.split(' ')[0]!;
    await requestOf(agent, 'Hello, is anyone there?')
      .getByRole('button', { name: 'Accept' })
      .click();
    const pane = paneOf(agent, 'Hello, is anyone there?');
    await pane.locator('header strong', { hasText: customer.name }).waitFor();

    const message = pane.getByLabel('Message');
    await message.pressSequentially('/g');
    const list = pane.getByRole('listbox', { name: 'Canned responses' });
    await list.waitFor();
    const options = list.getByRole('option');
    expect(await options.allInnerTexts()).toEqual([
      expect.stringMatching(/^\/greet Greeting/),
      expect.stringMatching(/^\/goodbye Goodbye/),
    ]);
    expect(await message.getAttribute('aria-expanded')).toBe('true');
    const activeOption = async () =>
      pane.locator(`[id="${await message.getAttribute('aria-activedescendant')}"]`).innerText();
    expect(await activeOption()).toMatch(/^\/greet/);
    await message.press('ArrowDown');
    expect(await activeOption()).toMatch(/^\/goodbye/);
    await expect(options.nth(1).getAttribute('aria-selected')).resolves.toBe('true');
    await message.press('ArrowUp');
    expect(await activeOption()).toMatch(/^\/greet/);
    await snap(agent, 'canned-02-agent-picker');
    // Escape hides the list and sends nothing; more letters bring it back, narrowed.
    await message.press('Escape');
    await list.waitFor({ state: 'detached' });
    expect(await message.inputValue()).toBe('/g');
    await message.pressSequentially('re');
    await list.waitFor();
    expect(await options.count()).toBe(1);
    await message.press('Enter');
    await list.waitFor({ state: 'detached' });

    const expanded = `Hi ${firstName}, I'm Ada Agent from Pagedesk Demo Shop. How can I help?`;
    expect(await message.inputValue()).toBe(expanded);
    expect(await pane.getByLabel('Quick replies').inputValue()).toBe('Track my order, Email');
    // The agent edits it before sending.
    await message.press('End');
    await message.pressSequentially(' Welcome back!');
    await snap(agent, 'canned-03-agent-filled');
    await pane.getByRole('button', { name: 'Send' }).click();

    const received = customer.page.locator('.fb-bubble.from-page', { hasText: 'Welcome back!' });
    await received.waitFor();
    expect(await received.innerText()).toContain(`${expanded} Welcome back!`);
    expect(await customer.page.getByText('{{').count()).toBe(0);
    await customer.page.getByRole('button', { name: 'Track my order' }).waitFor();
    await snap(customer.page, 'canned-04-customer-receives');
    expect(demo.cspViolations).toEqual([]);
    await Promise.all([supervisor.close(), agent.close(), customer.page.close()]);
  }, 120_000);
});
