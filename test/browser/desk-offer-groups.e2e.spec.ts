import type { Page } from 'playwright-core';
import { api, login } from '../support/auth';
import { snap } from './browser';
import { customerWrites, deskDemo, paneOf, readyAgentAs, requestOf } from './desk-demo';

const ADA = 'agent@demo.pagedesk.test';
const GRACE = 'agent2@demo.pagedesk.test';
// The demo has no admin of its own: the bootstrap admin is created in its tenant before it.
const ADMIN = { email: 'admin@demo.pagedesk.test', password: 'demo admin passphrase 7' };

/** The request cards on an agent's desk (the chats they hold are listed apart). */
const requests = (agent: Page) => agent.getByRole('article', { name: /^Chat request from / });

/** What the customers on an agent's request cards wrote first, once at least one card is there. */
async function requestTexts(agent: Page): Promise<string[]> {
  await requests(agent).first().waitFor();
  return requests(agent).locator('.first-messages li').allTextContents();
}

const waiting = (agent: Page, text: string) =>
  agent
    .getByRole('status')
    .filter({ hasText: `${text} waiting` })
    .waitFor();

/**
 * Offer groups (docs/gateway.md) as the demo's two agents meet them: with a group size of 1 each
 * waiting chat is on one desk only, so Ada and Grace are shown different customers, while both
 * see how many wait; back to no group size, a new chat is on both desks again.
 * Screenshots go to artifacts/browser (git-ignored).
 */
describe('offer groups on the desk', () => {
  const demo = deskDemo({
    BOOTSTRAP_TENANT: 'demo',
    BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
    BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
  });

  const setQueue = async (changes: Record<string, unknown>) => {
    const admin = api(demo.origin, await login(demo.origin, ADMIN.email, ADMIN.password));
    return admin('PATCH', '/api/queues/default', changes);
  };

  it('with a group of 1, Ada and Grace are each shown one different chat; without, a new chat is on both desks', async () => {
    // A long ring: no group widens while the test looks.
    expect(await setQueue({ offerGroupSize: 1, offerRingSeconds: 600 })).toMatchObject({
      status: 200,
      body: { offerGroupSize: 1, offerRingSeconds: 600 },
    });
    const ada = await readyAgentAs(demo, ADA);
    const grace = await readyAgentAs(demo, GRACE);
    const first = await customerWrites(demo, 'My order never arrived');
    const second = await customerWrites(demo, 'Can I change my delivery address?');

    // Both know two customers wait; each desk shows one of them, and not the same one.
    await Promise.all([waiting(ada, '2 customers'), waiting(grace, '2 customers')]);
    const adaSees = await requestTexts(ada);
    const graceSees = await requestTexts(grace);
    expect(adaSees).toHaveLength(1);
    expect(graceSees).toHaveLength(1);
    expect([...adaSees, ...graceSees].sort()).toEqual([
      'Can I change my delivery address?',
      'My order never arrived',
    ]);
    await snap(ada, 'offer-groups-01-ada-shown-one');
    await snap(grace, 'offer-groups-02-grace-shown-another');

    // Ada takes hers; Grace's stays hers alone, and Ada's desk has no request left.
    await requestOf(ada, adaSees[0]!).getByRole('button', { name: 'Accept' }).click();
    await paneOf(ada, adaSees[0]!).waitFor();
    await Promise.all([waiting(ada, '1 customer'), waiting(grace, '1 customer')]);
    expect(await requests(ada).count()).toBe(0);
    expect(await requestTexts(grace)).toEqual(graceSees);

    // A third customer: on exactly one of the two desks, both counting two waiting.
    const third = await customerWrites(demo, 'Do you ship to Norway?');
    await Promise.all([waiting(ada, '2 customers'), waiting(grace, '2 customers')]);
    // The other desk's wait ends when its page closes.
    await Promise.any([ada, grace].map((a) => requestOf(a, 'Do you ship to Norway?').waitFor()));
    const onDesks = await Promise.all(
      [ada, grace].map((agent) => requestOf(agent, 'Do you ship to Norway?').count()),
    );
    expect([...onDesks].sort()).toEqual([0, 1]);
    await snap(onDesks[0] === 1 ? ada : grace, 'offer-groups-03-third-on-one-desk');

    // Grace takes hers, so both have two free slots; then no group size: every desk sees all.
    await requestOf(grace, graceSees[0]!).getByRole('button', { name: 'Accept' }).click();
    await paneOf(grace, graceSees[0]!).waitFor();
    expect(await setQueue({ offerGroupSize: null })).toMatchObject({
      status: 200,
      body: { offerGroupSize: null },
    });
    const fourth = await customerWrites(demo, 'Is the blue jacket back in stock?');
    for (const agent of [ada, grace]) {
      await requestOf(agent, 'Is the blue jacket back in stock?').waitFor();
      await requestOf(agent, 'Do you ship to Norway?').waitFor();
      expect(await requests(agent).count()).toBe(2);
    }
    await snap(ada, 'offer-groups-04-ada-sees-all');
    expect(demo.cspViolations).toEqual([]);
    await Promise.all(
      [ada, grace, first.page, second.page, third.page, fourth.page].map((p) => p.close()),
    );
  }, 120_000);
});
