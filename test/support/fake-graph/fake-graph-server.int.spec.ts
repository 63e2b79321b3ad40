import { FakeGraphServer, graphError, graphFixture } from './fake-graph-server';

describe('fake Graph API server', () => {
  let graph: FakeGraphServer;
  beforeEach(async () => {
    graph = await FakeGraphServer.start();
  });
  afterEach(() => graph.close());

  it('answers the Send API like Facebook and records the request', async () => {
    const response = await fetch(`${graph.url}/me/messages?access_token=tok`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ recipient: { id: '42' }, message: { text: 'hi' } }),
    });
    expect(await response.json()).toEqual({
      recipient_id: '42',
      message_id: expect.stringMatching(/^m_/),
    });
    expect(graph.requestsTo('/me/messages')).toEqual([
      {
        method: 'POST',
        path: '/me/messages',
        query: { access_token: 'tok' },
        body: { recipient: { id: '42' }, message: { text: 'hi' } },
      },
    ]);
  });

  it('answers a reaction with the recipient alone, and refuses one that names no message', async () => {
    const send = (body: object) =>
      fetch(`${graph.url}/me/messages?access_token=tok`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ recipient: { id: '42' }, ...body }),
      });
    const reacted = await send({
      sender_action: 'react',
      payload: { message_id: 'm_1', reaction: '❤️' },
    });
    expect([reacted.status, await reacted.json()]).toEqual([200, { recipient_id: '42' }]);
    const unreacted = await send({ sender_action: 'unreact', payload: { message_id: 'm_1' } });
    expect([unreacted.status, await unreacted.json()]).toEqual([200, { recipient_id: '42' }]);
    const nameless = await send({ sender_action: 'react', payload: { reaction: '❤️' } });
    expect(nameless.status).toBe(400);
    expect(await nameless.json()).toMatchObject({ error: { code: 100 } });
    const emojiless = await send({ sender_action: 'react', payload: { message_id: 'm_1' } });
    expect(emojiless.status).toBe(400);
  });

  it('serves configured profiles and 400 for unknown ids', async () => {
    graph.setProfile('7392015648120394', graphFixture('profile') as Record<string, unknown>);
    const known = await fetch(`${graph.url}/7392015648120394?fields=first_name`);
    expect(await known.json()).toMatchObject({ first_name: 'Anna' });
    expect((await fetch(`${graph.url}/999?fields=first_name`)).status).toBe(400);
  });

  it('lets a test install failures that take precedence', async () => {
    graph.use((r) =>
      r.path === '/me' ? { status: 401, body: graphError(190, 'token invalid', 460) } : undefined,
    );
    const response = await fetch(`${graph.url}/me?fields=id,name`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 190, error_subcode: 460 } });
  });
});
