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

describe('fake Graph API server: Attachment Upload API', () => {
  let graph: FakeGraphServer;
  beforeEach(async () => {
    graph = await FakeGraphServer.start();
  });
  afterEach(() => graph.close());

  const upload = (message: string | null, file: Blob | null) => {
    const form = new FormData();
    if (message !== null) form.append('message', message);
    if (file !== null) form.append('filedata', file, 'photo.png');
    return fetch(`${graph.url}/me/message_attachments?access_token=tok`, {
      method: 'POST',
      body: form,
    });
  };
  const reusable = (type: string) =>
    JSON.stringify({ attachment: { type, payload: { is_reusable: true } } });

  it('takes a reusable file and answers an attachment_id, keeping what it received', async () => {
    const response = await upload(reusable('image'), new Blob(['png!'], { type: 'image/png' }));
    expect([response.status, await response.json()]).toEqual([
      200,
      { attachment_id: expect.stringMatching(/^att_fake_/) },
    ]);
    expect(graph.requestsTo('/me/message_attachments')[0]!.body).toEqual({
      multipart: {
        message: reusable('image'),
        filedata: { name: 'photo.png', type: 'image/png', size: 4, sha256: expect.any(String) },
      },
    });
  });

  it('refuses a missing file, an unknown type and an upload that is not reusable', async () => {
    const png = new Blob(['png!'], { type: 'image/png' });
    expect((await upload(reusable('image'), null)).status).toBe(400);
    expect((await upload(reusable('sticker'), png)).status).toBe(400);
    const once = JSON.stringify({ attachment: { type: 'image', payload: {} } });
    const refused = await upload(once, png);
    expect([refused.status, await refused.json()]).toEqual([
      400,
      { error: expect.objectContaining({ code: 100 }) },
    ]);
  });
});
