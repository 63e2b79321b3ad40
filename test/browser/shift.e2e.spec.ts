import type { Page } from 'playwright-core';
import { snap } from './browser';
import { customerWrites, deskDemo, loggedIn, paneOf, readyAgent, requestOf } from './desk-demo';

/**
 * Access tokens live TTL seconds here: the shortest lifetime the server accepts
 * (JWT_TTL_SECONDS >= 8), instead of production's 900. It keeps the semantics —
 * each token expires several times during the test, so the desktop must refresh
 * silently (a fifth of the lifetime early: 1.6 s), renew its sockets and reconnect
 * with a fresh token — in about 32 s of test instead of an hour.
 */
const TTL_SECONDS = 8;
const ROUNDS = 4;

describe('a shift in the browser: sessions and the agent’s state outlast tokens, drops and restarts', () => {
  // No JWT_SECRET or SECRETS_KEY: the demo keeps its keys in DATA_DIR, so a restart signs nobody out.
  const demo = deskDemo({ JWT_TTL_SECONDS: String(TTL_SECONDS) });

  const signedOut = async (page: Page) => (await page.getByLabel('Password').count()) > 0;

  it('agent and supervisor keep working across several token lifetimes and a dropped connection, then a restart keeps Ready and the offline message', async () => {
    const agent = await readyAgent(demo);
    const supervisor = await loggedIn(demo, 'supervisor@demo.pagedesk.test');
    await supervisor.getByText('live', { exact: true }).waitFor();

    const customer = await customerWrites(demo, 'Round 0: is anyone there?');
    await requestOf(agent, 'Round 0: is anyone there?')
      .getByRole('button', { name: 'Accept' })
      .click();
    const pane = paneOf(agent, 'Round 0: is anyone there?');
    const startedAt = Date.now();

    for (let round = 1; round <= ROUNDS; round++) {
      if (round === 2) {
        // A forced drop: the browser goes offline, the sockets break, then it comes back.
        await demo.context.setOffline(true);
        await agent.getByText('Connection lost').waitFor();
        await demo.context.setOffline(false);
        await agent.getByText('Connection lost').waitFor({ state: 'detached' });
      }
      await customer.write(`Round ${round}: still there?`);
      await pane.getByText(`Round ${round}: still there?`).waitFor();
      await pane.getByLabel('Message').fill(`Answer ${round}`);
      await pane.getByRole('button', { name: 'Send' }).click();
      await customer.page.getByText(`Answer ${round}`).waitFor();
      // The supervisor's REST calls and socket go on with refreshed tokens.
      await supervisor.getByLabel('Search customer').fill(customer.name.split(' ')[0]!);
      await supervisor.locator('table.conversations tr', { hasText: customer.name }).waitFor();
      await supervisor.getByText('live', { exact: true }).waitFor();
      expect([round, await signedOut(agent), await signedOut(supervisor)]).toEqual([
        round,
        false,
        false,
      ]);
      // Time passing is what is under test: each round outlives one access token.
      const roundEnds = startedAt + round * TTL_SECONDS * 1000;
      if (Date.now() < roundEnds) await agent.waitForTimeout(roundEnds - Date.now());
    }
    await snap(agent, 'shift-01-after-four-token-lifetimes');
    expect(await agent.getByText('Ready', { exact: true }).count()).toBe(1);

    // The server goes away; the agent writes anyway.
    await demo.crash();
    await agent.getByText('Connection lost').waitFor();
    await pane.getByLabel('Message').fill('Typed while the server was down');
    await pane.getByRole('button', { name: 'Send' }).click();
    await pane.locator('.outgoing', { hasText: 'Typed while the server was down' }).waitFor();
    await snap(agent, 'shift-02-typed-offline');

    await demo.start();
    await agent.getByText('Connection lost').waitFor({ state: 'detached' });
    await agent.getByText('Connection restored: you are Ready again.').waitFor();
    await agent.getByText('Ready', { exact: true }).waitFor();
    await customer.page.getByText('Typed while the server was down').waitFor();
    await pane.locator('.outgoing').waitFor({ state: 'detached' });
    await supervisor.getByText('live', { exact: true }).waitFor();
    await snap(agent, 'shift-03-after-restart');

    // Once on each side, and nobody was sent to the login screen.
    expect(await customer.page.getByText('Typed while the server was down').count()).toBe(1);
    const bubbles = await pane.locator('.transcript > li').allInnerTexts();
    expect(bubbles.filter((b) => b.includes('Typed while the server was down'))).toHaveLength(1);
    expect([await signedOut(agent), await signedOut(supervisor)]).toEqual([false, false]);
    expect(demo.cspViolations).toEqual([]);
  }, 240_000);
});
