import { JwtService } from '@nestjs/jwt';
import { AgentClient, AGENT_PASSWORD, customerWrites, type TestAgent } from './support/agents';
import { ADMIN_EMAIL, ADMIN_PASSWORD, api, login } from './support/auth';
import { e2eApp } from './support/e2e-app';

/** When the server closes the socket (epoch ms), however early that happens. */
function closedAt(client: AgentClient): Promise<number> {
  return new Promise((resolve) => client.socket.once('disconnect', () => resolve(Date.now())));
}

const waitForDisconnect = (client: AgentClient) =>
  client.socket.disconnected
    ? Promise.resolve()
    : new Promise<void>((resolve) => client.socket.once('disconnect', () => resolve()));

describe('revocation takes effect on REST and on open sockets', () => {
  const desk = e2eApp({ queue: { agents: 4, routingMode: 'auto' } });
  const { connect } = desk;
  let admin: ReturnType<typeof api>;
  let psid = 8_100_000;

  beforeAll(async () => {
    admin = api(desk.url, await login(desk.url, ADMIN_EMAIL, ADMIN_PASSWORD));
  });
  const sends = () => desk.graph.requestsTo('/me/messages').length;

  /** The agent, ready, holding one chat they have answered once. */
  async function agentInAChat(agent: TestAgent) {
    const client = await connect(agent.token);
    expect((await client.request('agent:status', { status: 'ready' })).ok).toBe(true);
    await customerWrites(desk.url, String(++psid), 'hello?');
    const { conversationId } = await client.next('chat:assigned');
    const first = await client.request('chat:send', {
      conversationId,
      clientMessageId: 'c1',
      text: 'hi, how can I help?',
    });
    expect(first.ok).toBe(true);
    await waitUntil(async () => sends() === 1);
    return { client, conversationId };
  }

  it('an agent disabled while connected is cut off within 1 s and sends nothing more', async () => {
    desk.graph.reset();
    const agent = desk.agents[0]!;
    const { client, conversationId } = await agentInAChat(agent);
    const closed = closedAt(client);
    const disabledAt = Date.now();
    expect((await admin('PATCH', `/api/users/${agent.userId}`, { disabled: true })).status).toBe(
      200,
    );
    // Sent right after the disable is applied: refused through its ack, unless the socket is already closed.
    const attempt = client.socket.connected
      ? await client.request('chat:send', { conversationId, clientMessageId: 'c2', text: 'still' })
      : null;
    if (attempt) expect(attempt).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect((await closed) - disabledAt).toBeLessThan(1_000);
    await waitForDisconnect(client);
    expect(client.all('session:ended')).toEqual([
      { code: 'unauthorized', message: 'invalid access token' },
    ]);
    // The outbox has had its chance: still only the message sent before the disable.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sends()).toBe(1);
    expect((await api(desk.url, agent.token)('GET', '/api/auth/me')).status).toBe(401);
  });

  it('a token issued before a password change gets 401 on REST and is refused on the socket', async () => {
    const agent = desk.agents[1]!;
    const before = await login(desk.url, agent.email, AGENT_PASSWORD);
    const open = await connect(before);
    expect((await api(desk.url, before)('GET', '/api/auth/me')).status).toBe(200);
    const newPassword = 'a brand new passphrase 9';
    expect(
      (await admin('PATCH', `/api/users/${agent.userId}`, { password: newPassword })).status,
    ).toBe(200);
    expect(await api(desk.url, before)('GET', '/api/auth/me')).toEqual({
      status: 401,
      body: { error: { code: 'unauthorized', message: 'access token revoked: sign in again' } },
    });
    await expect(AgentClient.connect(desk.url, before)).rejects.toMatchObject({
      message: 'access token revoked: sign in again',
      data: { code: 'unauthorized' },
    });
    await waitForDisconnect(open);
    expect(open.all('session:ended')).toEqual([
      { code: 'unauthorized', message: 'access token revoked: sign in again' },
    ]);
    // A token issued after the change works.
    const after = await login(desk.url, agent.email, newPassword);
    expect((await (await connect(after)).request('agent:status', { status: 'ready' })).ok).toBe(
      true,
    );
  });

  it('a role change and "log out everywhere" end the sessions they concern', async () => {
    const agent = desk.agents[2]!;
    const demoted = await connect(agent.token);
    expect(
      (await admin('PATCH', `/api/users/${agent.userId}`, { role: 'supervisor' })).status,
    ).toBe(200);
    await waitForDisconnect(demoted);
    expect((await api(desk.url, agent.token)('GET', '/api/auth/me')).status).toBe(401);

    const supervisor = await login(desk.url, agent.email, AGENT_PASSWORD);
    const watching = await connect(supervisor, '/supervisor');
    expect((await watching.request('sync')).ok).toBe(true);
    const me = api(desk.url, supervisor);
    expect((await me('POST', '/api/auth/logout-everywhere')).status).toBe(204);
    await waitForDisconnect(watching);
    expect((await me('GET', '/api/auth/me')).status).toBe(401);
  });

  it('closes a socket when its token expires, unless it was renewed in time', async () => {
    const agent = desk.agents[3]!;
    const jwt = desk.server.app.get(JwtService);
    // The agent's own session, in a token minted to expire sooner than the server would make it.
    const { sid } = jwt.decode<{ sid: string }>(agent.token);
    const shortLived = (seconds: number) =>
      jwt.sign(
        { sv: 0, sid },
        { subject: agent.userId, issuer: 'pagedesk', audience: 'pagedesk-api', expiresIn: seconds },
      );
    // Long enough that connecting both and renewing one fits on a loaded CI machine, short enough to wait for.
    const renewed = await connect(shortLived(5));
    const expiring = await connect(shortLived(5));
    expect(await renewed.request('auth:renew', { token: agent.token })).toMatchObject({ ok: true });
    await waitForDisconnect(expiring);
    expect(expiring.all('session:ended')).toEqual([
      { code: 'unauthorized', message: 'access token expired' },
    ]);
    expect((await renewed.request('agent:status', { status: 'not_ready' })).ok).toBe(true);
    expect(await renewed.request('auth:renew', { token: 'forged' })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
