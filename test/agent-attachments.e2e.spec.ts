import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentClient, customerWrites, setUpQueue } from './support/agents';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  api,
  authEnv,
  login,
  PLATFORM_EMAIL,
  PLATFORM_PASSWORD,
  type JsonBody,
} from './support/auth';
import { e2eApp } from './support/e2e-app';
import {
  FakeGraphServer,
  graphError,
  graphFixture,
  type MultipartBody,
} from './support/fake-graph/fake-graph-server';
import { settle } from './support/inbound';
import { messengerConfig } from './support/messenger/webhooks';
import { eventsOf, sentMessages, typesOf } from './support/outbound';
import { startTestApp } from './support/test-app';

const MAX_BYTES = 4096;
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(200, 7)]);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('an agent uploads a file for the customer', () => {
  const desk = e2eApp({
    queue: { agents: 2, routingMode: 'offer', maxChats: 10 },
    env: {
      OUTBOX_RETRY_BASE_MS: '5',
      OUTBOX_RETRY_MAX_MS: '50',
      UPLOAD_MAX_BYTES: String(MAX_BYTES),
    },
    resetGraph: true,
  });
  const { connect } = desk;

  async function chatWith(psid: string, agent = desk.agents[0]!) {
    const ada = await connect(agent);
    await ada.request('agent:status', { status: 'ready' });
    await customerWrites(desk.url, psid, 'Can you send me the invoice?');
    const { conversationId } = await ada.next('chat:requested', (p) => p.customer.id === psid);
    expect((await ada.request('chat:accept', { conversationId })).ok).toBe(true);
    await ada.next('chat:assigned', (p) => p.conversationId === conversationId);
    return { ada, conversationId };
  }

  const upload = async (
    token: string,
    conversationId: string,
    file: { bytes: Buffer; name: string; type: string } | null,
    clientMessageId: string | null = 'upload-1',
  ) => {
    const form = new FormData();
    if (clientMessageId !== null) form.append('clientMessageId', clientMessageId);
    if (file) form.append('file', new Blob([file.bytes], { type: file.type }), file.name);
    const response = await fetch(`${desk.url}/api/conversations/${conversationId}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    return { status: response.status, body: (await response.json()) as JsonBody };
  };
  const png = { bytes: PNG, name: 'receipt.png', type: 'image/png' };
  const uploads = () => desk.graph.requestsTo('/me/message_attachments');

  it('stores the file, records it as the agent’s message, uploads it to Facebook once and sends its attachment_id', async () => {
    const { ada, conversationId } = await chatWith('7300001');
    const accepted = await upload(desk.agents[0]!.token, conversationId, png);
    expect(accepted).toEqual({
      status: 200,
      body: { conversationId, messageId: expect.any(String), blob: sha256(PNG) },
    });
    const { messageId } = accepted.body;
    expect(
      await ada.next('chat:message', (p) => p.messageId === messageId && p.author === 'agent'),
    ).toMatchObject({
      content: {
        kind: 'upload',
        upload: { type: 'image', name: 'receipt.png', size: PNG.length, blob: sha256(PNG) },
      },
    });
    await ada.next('chat:delivery', (p) => p.status === 'sent' && p.messageId === messageId);
    const blobPath = join(desk.server.dataDir, 'blobs', sha256(PNG).slice(0, 2), sha256(PNG));
    expect(existsSync(blobPath)).toBe(true);

    expect(uploads().map((r) => (r.body as MultipartBody).multipart)).toEqual([
      {
        message: JSON.stringify({ attachment: { type: 'image', payload: { is_reusable: true } } }),
        filedata: { name: 'receipt.png', type: 'image/png', size: PNG.length, sha256: sha256(PNG) },
      },
    ]);
    const events = await eventsOf(desk.server.app, conversationId);
    const uploaded = events.find((e) => e.type === 'AgentAttachmentUploaded')!;
    const attachmentId = (uploaded.data as { attachmentId: string }).attachmentId;
    expect(attachmentId).toMatch(/^att_fake_/);
    expect(sentMessages(desk.graph).map((r) => (r.body as { message: unknown }).message)).toEqual([
      {
        attachment: { type: 'image', payload: { attachment_id: attachmentId } },
        metadata: expect.any(String),
      },
    ]);
    const requested = events.find((e) => e.type === 'AgentMessageRequested')!;
    expect(requested.metadata).toMatchObject({ actor: desk.agents[0]!.userId });
    expect(typesOf(events).slice(-3)).toEqual([
      'AgentMessageRequested',
      'AgentAttachmentUploaded',
      'AgentMessageSent',
    ]);

    // The browser retried (a lost answer): the same message, nothing recorded or sent again.
    const again = await upload(desk.agents[0]!.token, conversationId, png);
    expect(again).toEqual(accepted);
    expect(await eventsOf(desk.server.app, conversationId)).toHaveLength(events.length);
    expect(uploads()).toHaveLength(1);
  });

  it('refuses a wrong type, a file over the limit, no file, a colleague’s chat and another tenant’s: nothing recorded, nothing sent', async () => {
    const { conversationId } = await chatWith('7300002');
    await settle(desk.server.app);
    const before = await eventsOf(desk.server.app, conversationId);
    const ada = desk.agents[0]!.token;
    const exe = {
      bytes: Buffer.from('MZ...'),
      name: 'setup.exe',
      type: 'application/x-msdownload',
    };
    const big = { bytes: Buffer.alloc(MAX_BYTES + 1, 1), name: 'big.png', type: 'image/png' };
    expect(await upload(ada, conversationId, exe)).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid', message: expect.stringContaining('cannot be sent') } },
    });
    expect(await upload(ada, conversationId, big)).toMatchObject({
      status: 413,
      body: { error: { code: 'too_large' } },
    });
    expect(await upload(ada, conversationId, null)).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid' } },
    });
    expect(await upload(ada, conversationId, png, null)).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid' } },
    });
    // A colleague's chat, then another tenant's: exactly like a chat that does not exist.
    expect(await upload(desk.agents[1]!.token, conversationId, png)).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found' } },
    });
    const platform = api(desk.url, await login(desk.url, PLATFORM_EMAIL, PLATFORM_PASSWORD));
    await platform('POST', '/api/tenants', {
      tenantId: 'globex',
      name: 'Globex',
      admin: { email: 'admin@globex.test', password: 'globex admin passphrase', displayName: 'H' },
    });
    const globex = await setUpQueue(desk.url, {
      agents: 1,
      routingMode: 'offer',
      prefix: 'globex-agent',
      admin: { email: 'admin@globex.test', password: 'globex admin passphrase' },
    });
    expect(await upload(globex.agents[0]!.token, conversationId, png)).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found' } },
    });

    expect(await eventsOf(desk.server.app, conversationId)).toEqual(before);
    expect(uploads()).toEqual([]);
    expect(sentMessages(desk.graph)).toEqual([]);
  });

  const blobPathOf = (bytes: Buffer) =>
    join(desk.server.dataDir, 'blobs', sha256(bytes).slice(0, 2), sha256(bytes));

  it('refuses a .png that is really a PDF: 400 invalid saying what it is, nothing recorded, no blob', async () => {
    const { conversationId } = await chatWith('7300006');
    await settle(desk.server.app);
    const before = await eventsOf(desk.server.app, conversationId);
    const disguised = Buffer.from('%PDF-1.4 not a picture at all');
    const refused = await upload(desk.agents[0]!.token, conversationId, {
      bytes: disguised,
      name: 'holiday.png',
      type: 'image/png',
    });
    expect(refused).toEqual({
      status: 400,
      body: {
        error: expect.objectContaining({
          code: 'invalid',
          message:
            'the file says it is image/png but its contents are a document (application/pdf)',
        }),
      },
    });
    expect(await eventsOf(desk.server.app, conversationId)).toEqual(before);
    expect(existsSync(blobPathOf(disguised))).toBe(false);
    expect(uploads()).toEqual([]);
  });

  it('refuses an upload to a chat the agent already closed (409) without writing its bytes', async () => {
    const { ada, conversationId } = await chatWith('7300007');
    expect((await ada.request('chat:close', { conversationId })).ok).toBe(true);
    await settle(desk.server.app);
    const before = await eventsOf(desk.server.app, conversationId);
    const late = Buffer.concat([PNG, Buffer.from('late')]);
    const refused = await upload(desk.agents[0]!.token, conversationId, {
      bytes: late,
      name: 'late.png',
      type: 'image/png',
    });
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    expect(await eventsOf(desk.server.app, conversationId)).toEqual(before);
    expect(existsSync(blobPathOf(late))).toBe(false);
  });

  it('serves a file back to who may read the chat, as what it is, and only in its own chat', async () => {
    const { ada, conversationId } = await chatWith('7300008');
    const photo = { bytes: PNG, name: 'ré"sumé.png', type: 'image/png' };
    const pdf = {
      bytes: Buffer.from('%PDF-1.4 terms'),
      name: 'terms.pdf',
      type: 'application/pdf',
    };
    const shown = await upload(desk.agents[0]!.token, conversationId, photo, 'serve-1');
    const kept = await upload(desk.agents[0]!.token, conversationId, pdf, 'serve-2');
    await ada.next(
      'chat:delivery',
      (p) => p.messageId === kept.body.messageId && p.status === 'sent',
    );
    const get = (token: string, conversation: string, blob: string) =>
      fetch(`${desk.url}/api/conversations/${conversation}/attachments/${blob}`, {
        headers: { authorization: `Bearer ${token}` },
      });

    const image = await get(desk.agents[0]!.token, conversationId, shown.body.blob as string);
    expect(image.status).toBe(200);
    expect(Buffer.from(await image.arrayBuffer())).toEqual(PNG);
    expect(
      Object.fromEntries(
        ['content-type', 'content-disposition', 'x-content-type-options'].map((h) => [
          h,
          image.headers.get(h),
        ]),
      ),
    ).toEqual({
      'content-type': 'image/png',
      'content-disposition': `inline; filename="r__sum_.png"; filename*=UTF-8''r%C3%A9%22sum%C3%A9.png`,
      'x-content-type-options': 'nosniff',
    });
    const admin = await login(desk.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    const document = await get(admin, conversationId, kept.body.blob as string);
    expect(document.status).toBe(200);
    expect(document.headers.get('content-type')).toBe('application/pdf');
    expect(document.headers.get('content-disposition')).toMatch(
      /^attachment; filename="terms.pdf"/,
    );

    // Bytes stored for another chat, a colleague who never held this one, another tenant: 404.
    const other = await chatWith('7300010');
    const elsewhere = {
      bytes: Buffer.from('%PDF-1.4 elsewhere'),
      name: 'x.pdf',
      type: 'application/pdf',
    };
    const foreign = await upload(desk.agents[0]!.token, other.conversationId, elsewhere, 'serve-3');
    expect(foreign.status).toBe(200);
    expect((await get(admin, conversationId, foreign.body.blob as string)).status).toBe(404);
    expect(
      (await get(desk.agents[1]!.token, conversationId, shown.body.blob as string)).status,
    ).toBe(404);
    const platform = api(desk.url, await login(desk.url, PLATFORM_EMAIL, PLATFORM_PASSWORD));
    await platform('POST', '/api/tenants', {
      tenantId: 'initech',
      name: 'Initech',
      admin: {
        email: 'admin@initech.test',
        password: 'initech admin passphrase',
        displayName: 'I',
      },
    });
    const initech = await login(desk.url, 'admin@initech.test', 'initech admin passphrase');
    expect((await get(initech, conversationId, shown.body.blob as string)).status).toBe(404);
    expect((await get(admin, conversationId, 'not-a-sha256')).status).toBe(400);
  });

  it('retries an upload Facebook refused for now, then sends once', async () => {
    const { ada, conversationId } = await chatWith('7300003');
    let refusals = 0;
    desk.graph.use((r) =>
      r.path === '/me/message_attachments' && refusals++ === 0
        ? { status: 400, body: graphFixture('error-temporary') }
        : undefined,
    );
    const pdf = {
      bytes: Buffer.from('%PDF-1.4 invoice'),
      name: 'invoice.pdf',
      type: 'application/pdf',
    };
    const { body } = await upload(desk.agents[0]!.token, conversationId, pdf, 'upload-3');
    expect(
      await ada.next(
        'chat:delivery',
        (p) => p.messageId === body.messageId && p.status === 'failed',
      ),
    ).toMatchObject({ permanent: false });
    await ada.next('chat:delivery', (p) => p.messageId === body.messageId && p.status === 'sent');
    expect(uploads()).toHaveLength(2);
    expect(sentMessages(desk.graph)).toHaveLength(1);
    expect((sentMessages(desk.graph)[0]!.body as { message: unknown }).message).toMatchObject({
      attachment: { type: 'file', payload: { attachment_id: expect.stringMatching(/^att_fake_/) } },
    });
  });

  it('keeps the attachment_id when the send fails after the upload: the retry sends it without uploading again', async () => {
    const { ada, conversationId } = await chatWith('7300004');
    let refusals = 0;
    desk.graph.use((r) =>
      r.path === '/me/messages' && refusals++ === 0
        ? { status: 400, body: graphFixture('error-temporary') }
        : undefined,
    );
    const { body } = await upload(desk.agents[0]!.token, conversationId, png, 'upload-4');
    await ada.next('chat:delivery', (p) => p.messageId === body.messageId && p.status === 'sent');
    expect(uploads()).toHaveLength(1);
    const sends = sentMessages(desk.graph).map((r) => JSON.stringify(r.body));
    expect(sends).toHaveLength(2);
    expect(sends[0]).toEqual(sends[1]);
  });

  it('shows a permanent refusal of the upload to the agent as a failed message with the reason', async () => {
    const { ada, conversationId } = await chatWith('7300005');
    desk.graph.use((r) =>
      r.path === '/me/message_attachments'
        ? { status: 400, body: graphFixture('error-attachment-too-large') }
        : undefined,
    );
    const { body } = await upload(desk.agents[0]!.token, conversationId, png, 'upload-5');
    expect(
      await ada.next(
        'chat:delivery',
        (p) => p.messageId === body.messageId && p.status === 'failed',
      ),
    ).toMatchObject({ permanent: true, reason: expect.any(String) });
    expect(sentMessages(desk.graph)).toEqual([]);
  });

  it('tells the desk its limits', async () => {
    const limits = await api(desk.url, desk.agents[0]!.token)('GET', '/api/desk/upload-limits');
    expect(limits).toMatchObject({
      status: 200,
      body: { maxBytes: MAX_BYTES, types: { image: expect.arrayContaining(['image/png']) } },
    });
  });
});

describe('an acknowledged upload across a restart', () => {
  let graph: FakeGraphServer;
  let dataDir: string;
  beforeAll(async () => {
    graph = await FakeGraphServer.start();
    dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-upload-restart-'));
  });
  afterAll(async () => {
    await graph.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is uploaded and sent once by the next process when Facebook was away before the stop', async () => {
    const env = authEnv({
      DATA_DIR: dataDir,
      MESSENGER_CONFIG: messengerConfig(),
      MESSENGER_GRAPH_API_URL: graph.url,
      OUTBOX_RETRY_BASE_MS: '5',
      OUTBOX_RETRY_MAX_MS: '50',
      OUTBOX_MAX_ATTEMPTS: '1000',
    });
    let facebookUp = false;
    graph.use((r) =>
      r.path === '/me/message_attachments' && !facebookUp
        ? { status: 500, body: graphError(2, 'Service temporarily unavailable') }
        : undefined,
    );
    const before = await startTestApp(env);
    const { agents } = await setUpQueue(before.url, { agents: 1, routingMode: 'offer' });
    const ada = await AgentClient.connect(before.url, agents[0]!.token);
    await ada.request('agent:status', { status: 'ready' });
    await customerWrites(before.url, '7300009', 'The invoice please');
    const { conversationId } = await ada.next('chat:requested');
    await ada.request('chat:accept', { conversationId });
    const form = new FormData();
    form.append('clientMessageId', 'upload-restart');
    form.append('file', new Blob([PNG], { type: 'image/png' }), 'invoice.png');
    const accepted = await fetch(`${before.url}/api/conversations/${conversationId}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agents[0]!.token}` },
      body: form,
    });
    expect(accepted.status).toBe(200);
    const { messageId } = (await accepted.json()) as JsonBody;
    // Facebook refused for now: the message waits in the outbox for its retry.
    await ada.next(
      'chat:delivery',
      (p) => p.messageId === messageId && p.status === 'failed' && !p.permanent,
    );
    ada.close();
    await before.close();

    facebookUp = true;
    const attemptsBefore = graph.requestsTo('/me/message_attachments').length;
    const after = await startTestApp(env);
    try {
      const deadline = Date.now() + 30_000;
      while (!typesOf(await eventsOf(after.app, conversationId)).includes('AgentMessageSent')) {
        if (Date.now() > deadline) throw new Error('the upload was not sent after the restart');
        await new Promise((r) => setTimeout(r, 20));
      }
      const uploaded = graph.requestsTo('/me/message_attachments').slice(attemptsBefore);
      expect(uploaded).toHaveLength(1);
      expect((uploaded[0]!.body as MultipartBody).multipart.filedata).toMatchObject({
        sha256: sha256(PNG),
      });
      expect(sentMessages(graph)).toHaveLength(1);
    } finally {
      await after.close();
    }
  }, 90_000);
});
