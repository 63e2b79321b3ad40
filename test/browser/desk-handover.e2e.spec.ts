import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { snap } from './browser';
import { customerWrites, deskDemo, loggedIn, paneOf, readyAgentAs, requestOf } from './desk-demo';

const ADA = 'agent@demo.pagedesk.test';
const GRACE = 'agent2@demo.pagedesk.test';
const SUPERVISOR = 'supervisor@demo.pagedesk.test';

/**
 * Issue 19, items 1, 4 and 8 as agents meet them in the demo: handing a chat to
 * a colleague with a note, internal notes, and closing with wrap-up tags.
 * Screenshots go to artifacts/browser (git-ignored).
 */
describe('desk hand-over in the browser', () => {
  const demo = deskDemo();

  async function accepted(agent: Page, firstMessage: string) {
    await requestOf(agent, firstMessage).getByRole('button', { name: 'Accept' }).click();
    const pane = paneOf(agent, firstMessage);
    await pane.waitFor();
    return pane;
  }

  async function supervisorTranscript(customerName: string) {
    const supervisor = await loggedIn(demo, SUPERVISOR);
    await supervisor.getByLabel('Search customer').fill(customerName.split(' ')[0]!);
    const row = supervisor.locator('table.conversations tr', { hasText: customerName });
    await row.getByRole('button', { name: 'Transcript' }).click();
    return { supervisor, transcript: supervisor.getByRole('region', { name: 'Transcript' }) };
  }

  it('Ada picks Grace by name from the transfer dialog and leaves a note; Grace sees who and the note; the transcript records both', async () => {
    const ada = await readyAgentAs(demo, ADA);
    const grace = await readyAgentAs(demo, GRACE);
    const customer = await customerWrites(demo, 'I was charged twice for my boots');
    const pane = await accepted(ada, 'I was charged twice for my boots');

    await pane.getByRole('button', { name: 'Transfer' }).click();
    const dialog = pane.getByRole('dialog', { name: 'Transfer chat' });
    const colleague = dialog.getByRole('radio', { name: /Grace Agent/ });
    await colleague.waitFor();
    // Status and load as the agent would judge them; no raw ids to type.
    await dialog
      .locator('label', { hasText: 'Grace Agent' })
      .getByText('Ready · 0 chats of 3')
      .waitFor();
    await dialog.locator('label', { hasText: 'Demo shop' }).getByText('0 waiting').waitFor();
    expect(await dialog.getByRole('radio', { name: /Ada Agent/ }).count()).toBe(0);
    await colleague.check();
    await dialog
      .getByLabel('Note for the colleague (optional)')
      .fill('Charged twice, order 1234 — refund approved by Sam');
    await snap(ada, 'handover-01-transfer-dialog');
    await dialog.getByRole('button', { name: 'Transfer' }).click();
    await pane.getByText('This chat was transferred.').waitFor();

    const received = grace.locator('.chat-pane', { hasText: 'I was charged twice for my boots' });
    const notice = received.getByRole('note');
    await notice.getByText('Ada Agent').waitFor();
    expect(await notice.textContent()).toBe(
      'Transferred by Ada Agent: “Charged twice, order 1234 — refund approved by Sam”',
    );
    await received.getByText(customer.name).first().waitFor();
    await snap(grace, 'handover-02-colleague-receives');

    const { supervisor, transcript } = await supervisorTranscript(customer.name);
    await transcript
      .getByText(
        '— transferred by Ada Agent to Grace Agent — note: “Charged twice, order 1234 — refund approved by Sam”',
      )
      .waitFor();
    await snap(supervisor, 'handover-03-transcript-transfer');
    expect(demo.cspViolations).toEqual([]);
    await Promise.all([ada.close(), grace.close(), customer.page.close(), supervisor.close()]);
  }, 120_000);

  it('Ada writes an internal note the customer never sees; the supervisor reads it, answers with a note Ada sees live, and the export has both', async () => {
    const ada = await readyAgentAs(demo, ADA);
    const customer = await customerWrites(demo, 'Where is my parcel? Ordered last week');
    const pane = await accepted(ada, 'Where is my parcel? Ordered last week');
    await pane.getByRole('button', { name: 'Add note' }).click();
    await pane
      .getByLabel('Internal note (only colleagues see it)')
      .fill('Parcel lost by the courier, resend approved');
    await pane.getByRole('button', { name: 'Save note' }).click();
    const note = pane.getByRole('listitem', { name: 'Internal note' });
    await note.getByText('Parcel lost by the courier, resend approved').waitFor();
    expect(
      await note.getByText('Internal note · Ada Agent · not sent to the customer').count(),
    ).toBe(1);
    await pane.getByLabel('Message').fill('I am checking with the courier now.');
    await pane.getByRole('button', { name: 'Send' }).click();
    await customer.page.getByText('I am checking with the courier now.').waitFor();
    await snap(ada, 'handover-04-agent-note');
    // The customer's phone got the reply and nothing of the note.
    expect(await customer.page.getByText('Parcel lost by the courier').count()).toBe(0);
    await snap(customer.page, 'handover-05-customer-sees-no-note');

    const { supervisor, transcript } = await supervisorTranscript(customer.name);
    await transcript
      .getByText('by Ada Agent (not sent): Parcel lost by the courier, resend approved')
      .waitFor();
    await transcript.getByLabel('Internal note').fill('Add a 10% voucher to the resend');
    await transcript.getByRole('button', { name: 'Add note' }).click();
    await transcript
      .getByText('by Sam Supervisor (not sent): Add a 10% voucher to the resend')
      .waitFor();
    await snap(supervisor, 'handover-06-supervisor-notes');
    await pane
      .getByRole('listitem', { name: 'Internal note' })
      .filter({ hasText: 'Sam Supervisor' })
      .getByText('Add a 10% voucher to the resend')
      .waitFor();
    await snap(ada, 'handover-07-agent-sees-supervisor-note');

    const [download] = await Promise.all([
      supervisor.waitForEvent('download'),
      transcript.getByRole('button', { name: 'Export text' }).click(),
    ]);
    const exported = readFileSync((await download.path())!, 'utf8');
    expect(exported).toContain(
      'Note by Ada Agent: [internal note, not sent] Parcel lost by the courier, resend approved',
    );
    expect(exported).toContain(
      'Note by Sam Supervisor: [internal note, not sent] Add a 10% voucher to the resend',
    );
    expect(demo.cspViolations).toEqual([]);
    await Promise.all([ada.close(), customer.page.close(), supervisor.close()]);
  }, 120_000);

  it('Close asks first: Keep open leaves the chat, Close chat with wrap-up tags ends it; the supervisor filters by the tag and reads it in the transcript', async () => {
    const ada = await readyAgentAs(demo, ADA);
    const customer = await customerWrites(demo, 'Please refund my order, the boots are too small');
    const pane = await accepted(ada, 'Please refund my order, the boots are too small');

    await pane.getByRole('button', { name: 'Close' }).click();
    const dialog = pane.getByRole('dialog', { name: 'Close chat' });
    await dialog.getByText('Close this chat?').waitFor();
    await dialog.getByRole('button', { name: 'Keep open' }).click();
    await dialog.waitFor({ state: 'detached' });
    // Nothing ended: the agent still writes to the customer.
    await pane.getByLabel('Message').fill('Of course, I am on it.');
    await pane.getByRole('button', { name: 'Send' }).click();
    await customer.page.getByText('Of course, I am on it.').waitFor();

    await pane.getByRole('button', { name: 'Close' }).click();
    await dialog.getByRole('checkbox', { name: 'Refund' }).check();
    await dialog.getByRole('checkbox', { name: 'Resolved' }).check();
    expect(await dialog.getByRole('checkbox', { name: 'Follow-up needed' }).isChecked()).toBe(
      false,
    );
    await snap(ada, 'handover-08-close-confirmation-wrap-up');
    await dialog.getByRole('button', { name: 'Close chat' }).click();
    await pane.getByText('You closed this chat.').waitFor();
    await snap(ada, 'handover-09-closed');
    // The same customer writes again: a new request, named at once (item 2, returning customers).
    await customer.write('One more thing: can I exchange them?');
    const again = ada.getByRole('article', { name: `Chat request from ${customer.name}` });
    await again.getByText('One more thing: can I exchange them?').waitFor();
    await snap(ada, 'handover-09b-returning-customer-named');
    await again.getByRole('button', { name: 'Accept' }).click();

    const supervisor = await loggedIn(demo, SUPERVISOR);
    const rows = supervisor.locator('table.conversations tbody tr');
    // Two rows for this customer now: the tagged chat and the one they started after it.
    const row = rows.filter({ hasText: customer.name }).filter({ hasText: 'Refund, Resolved' });
    await row.waitFor();
    await supervisor.getByLabel('Filter by wrap-up').selectOption({ label: 'Refund' });
    // Only chats closed with Refund remain: this one (the earlier chats of this run have no tag).
    await rows.nth(1).waitFor({ state: 'detached' });
    expect(await rows.first().textContent()).toContain(customer.name);
    await snap(supervisor, 'handover-10-supervisor-filters-by-wrap-up');
    await supervisor.getByLabel('Filter by wrap-up').selectOption({ label: 'Follow-up needed' });
    await supervisor.getByText('No conversations match.').waitFor();
    await supervisor.getByLabel('Filter by wrap-up').selectOption({ label: 'any wrap-up' });
    await row.getByRole('button', { name: 'Transcript' }).click();
    const transcript = supervisor.getByRole('region', { name: 'Transcript' });
    await transcript.getByText('— wrap-up (Ada Agent): Refund, Resolved —').waitFor();
    await snap(supervisor, 'handover-11-transcript-wrap-up');
    const [download] = await Promise.all([
      supervisor.waitForEvent('download'),
      transcript.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(readFileSync((await download.path())!, 'utf8')).toContain(
      'wrap-up by Ada Agent: Refund, Resolved',
    );

    // A supervisor adds a tag; the next agent to close a chat can choose it.
    const editor = supervisor.getByRole('region', { name: 'Wrap-up tags' });
    await editor.getByLabel('New wrap-up tag').fill('Wrong size');
    await editor.getByRole('button', { name: 'Add tag' }).click();
    await editor.getByText('Wrong size').waitFor();
    const next = await customerWrites(demo, 'Do you have these in 44?');
    const second = await accepted(ada, 'Do you have these in 44?');
    await second.getByRole('button', { name: 'Close' }).click();
    await second
      .getByRole('dialog', { name: 'Close chat' })
      .getByRole('checkbox', { name: 'Wrong size' })
      .waitFor();
    await snap(ada, 'handover-12-new-tag-offered');
    expect(demo.cspViolations).toEqual([]);
    await Promise.all([ada.close(), customer.page.close(), next.page.close(), supervisor.close()]);
  }, 120_000);
});
