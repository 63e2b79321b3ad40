import {
  AGENT_PUSH_BATCH,
  AgentPushBatch,
  AgentPushes,
  AgentRequests,
  SupervisorPushes,
  SupervisorRequests,
} from '@pagedesk/contracts';
import type { TSchema } from '@sinclair/typebox';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { AgentClient, setUpQueue, type TestAgent } from './support/agents';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  login,
  PLATFORM_EMAIL,
  PLATFORM_PASSWORD,
  type JsonBody,
} from './support/auth';
import { e2eApp } from './support/e2e-app';
import { graphFixture } from './support/fake-graph/fake-graph-server';
import { settle } from './support/inbound';
import * as fb from './support/messenger/deliveries';
import {
  APP_ID,
  APP_SECRET,
  PAGE_ID,
  PSID,
  sign,
  VERIFY_TOKEN,
} from './support/messenger/webhooks';
import { settleReadModels } from './support/read-models';

/** One real answer of the running server, as a client received it. */
interface Answer {
  readonly method: string;
  /** The OpenAPI path template it was served by, e.g. `/api/users/{userId}`. */
  readonly path: string;
  readonly status: number;
  readonly contentType: string;
  readonly body: unknown;
}

interface OpenApiDocument {
  readonly openapi: string;
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components?: unknown;
}
interface Operation {
  readonly responses: Record<
    string,
    { readonly content?: Record<string, { readonly schema?: object }> }
  >;
}

const NEW_PAGE = '555000111222333';

/**
 * The contract test: every endpoint the OpenAPI document at /api/docs-json publishes is called on the
 * real server, and each real answer must validate against the schema published for its status. The
 * socket pushes and acks seen on the way must validate against libs/contracts.
 */
describe('the published contract matches what the server answers', () => {
  const e2e = e2eApp({
    prepareGraph: (graph) => {
      graph.setProfile(PSID, graphFixture('profile') as Record<string, unknown>);
      // test-connection of the page created below: Facebook says the token is that page's.
      graph.use((r) =>
        r.path === '/me' && r.query.access_token === 'EAAG-new-page-token'
          ? { status: 200, body: { id: NEW_PAGE, name: 'Acme Support' } }
          : undefined,
      );
    },
  });
  let doc: OpenApiDocument;
  let agent: TestAgent;
  const answers: Answer[] = [];
  const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));

  /** Calls the server and records the answer under the path template it belongs to. */
  const call = async (
    token: string | undefined,
    method: string,
    path: string,
    template: string,
    body?: unknown,
  ): Promise<JsonBody> => {
    // A FormData body goes as multipart (an agent's upload), with fetch's own boundary.
    const multipart = body instanceof FormData;
    const response = await fetch(`${e2e.url}${path}`, {
      method,
      headers: {
        ...(body === undefined || multipart ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: multipart ? body : body === undefined ? undefined : JSON.stringify(body),
    });
    const contentType = response.headers.get('content-type') ?? '';
    const text = await response.text();
    const parsed = contentType.includes('json') ? JSON.parse(text) : text;
    answers.push({ method, path: template, status: response.status, contentType, body: parsed });
    return parsed;
  };

  beforeAll(async () => {
    doc = (await (await fetch(`${e2e.url}/api/docs-json`)).json()) as OpenApiDocument;
    ({
      agents: [agent!],
    } = await setUpQueue(e2e.url, { agents: 1, routingMode: 'auto' }));
  });

  it('publishes OpenAPI 3.1 with a response schema for the success status of every operation', () => {
    expect(doc.openapi).toBe('3.1.0');
    const missing = operations(doc).filter(({ operation }) => {
      const success = Object.entries(operation.responses).find(([status]) => status < '300');
      // 204 is the one success without a body to describe.
      if (success?.[0] === '204') return success[1].content !== undefined;
      return !success || !Object.values(success[1].content ?? {}).some((c) => c.schema);
    });
    expect(missing.map(({ method, path }) => `${method} ${path}`)).toEqual([]);
  });

  it('answers every operation of the document with a body its schema accepts, and socket traffic that libs/contracts accepts', async () => {
    const admin = await login(e2e.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    const platform = await login(e2e.url, PLATFORM_EMAIL, PLATFORM_PASSWORD);
    const socketProblems: string[] = [];

    await call(undefined, 'GET', '/health', '/health');
    await call(undefined, 'GET', '/ready', '/ready');
    const signIn = await call(undefined, 'POST', '/api/auth/login', '/api/auth/login', {
      email: ADMIN_EMAIL,
      password: ADMIN_PASSWORD,
    });
    const me = await call(admin, 'GET', '/api/auth/me', '/api/auth/me');
    const renewed = await call(undefined, 'POST', '/api/auth/refresh', '/api/auth/refresh', {
      refreshToken: signIn.refreshToken,
    });
    await call(undefined, 'POST', '/api/auth/logout', '/api/auth/logout', {
      refreshToken: renewed.refreshToken,
    });

    await call(platform, 'POST', '/api/tenants', '/api/tenants', {
      tenantId: 'globex',
      name: 'Globex',
      admin: { email: 'admin@globex.test', password: 'globex admin passphrase', displayName: 'H' },
    });
    await call(platform, 'GET', '/api/tenants', '/api/tenants');

    const user = await call(admin, 'POST', '/api/users', '/api/users', {
      email: 'second@acme.test',
      password: 'second agent passphrase',
      displayName: 'Second',
      role: 'agent',
    });
    const userPath = `/api/users/${user.userId}`;
    await call(admin, 'GET', '/api/users', '/api/users');
    await call(admin, 'GET', userPath, '/api/users/{userId}');
    await call(admin, 'PATCH', userPath, '/api/users/{userId}', { maxChats: 4 });
    await call(admin, 'GET', `${userPath}/events`, '/api/users/{userId}/events');

    await call(admin, 'POST', '/api/queues', '/api/queues', {
      queueId: 'support',
      name: 'Support',
      routingMode: 'offer',
      members: [user.userId],
    });
    await call(admin, 'GET', '/api/queues', '/api/queues');
    await call(admin, 'GET', '/api/queues/support', '/api/queues/{queueId}');
    await call(admin, 'PATCH', '/api/queues/support', '/api/queues/{queueId}', { name: 'Help' });
    await call(admin, 'GET', '/api/queues/support/events', '/api/queues/{queueId}/events');

    const page = `/api/pages/${NEW_PAGE}`;
    await call(admin, 'POST', '/api/pages', '/api/pages', {
      pageId: NEW_PAGE,
      name: 'Acme Support',
      appId: APP_ID,
      accessToken: 'EAAG-new-page-token',
      appSecret: 'new-page-app-secret',
      queueId: 'support',
      messages: { opening: 'Hi!', closing: null },
      workingHours: {
        timeZone: 'Europe/Berlin',
        weekly: { monday: [{ start: '09:00', end: '17:00' }] },
        closedDates: [],
      },
    });
    await call(admin, 'GET', '/api/pages', '/api/pages');
    await call(admin, 'GET', page, '/api/pages/{pageId}');
    await call(admin, 'PATCH', page, '/api/pages/{pageId}', { humanAgentTagging: true });
    await call(admin, 'POST', `${page}/test-connection`, '/api/pages/{pageId}/test-connection');
    await call(admin, 'POST', `${page}/subscribe`, '/api/pages/{pageId}/subscribe');
    await call(admin, 'PUT', `${page}/messenger-profile`, '/api/pages/{pageId}/messenger-profile', {
      greeting: [{ locale: 'default', text: 'Hello {{user_first_name}}!' }],
    });
    await call(admin, 'GET', `${page}/messenger-profile`, '/api/pages/{pageId}/messenger-profile');
    await call(admin, 'GET', `${page}/events`, '/api/pages/{pageId}/events');

    const handshake = `hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`;
    await call(undefined, 'GET', `/webhooks/messenger?${handshake}`, '/webhooks/messenger');
    const perApp = `/webhooks/messenger/${APP_ID}`;
    await call(undefined, 'GET', `${perApp}?${handshake}`, '/webhooks/messenger/{appId}');
    /** A delivery signed by the app's secret, recorded like any other answer. */
    const deliver = async (path: string, template: string, body: string) => {
      const response = await fetch(`${e2e.url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': sign(body, APP_SECRET),
        },
        body,
      });
      answers.push({
        method: 'POST',
        path: template,
        status: response.status,
        contentType: response.headers.get('content-type') ?? '',
        body: await response.text(),
      });
    };

    // A conversation with an agent message that Facebook confirmed and the customer received.
    const desk = await AgentClient.connect(e2e.url, agent.token);
    const batches: unknown[] = [];
    desk.socket.on(AGENT_PUSH_BATCH, (batch: unknown) => batches.push(batch));
    const supervisor = await AgentClient.connect(e2e.url, admin, '/supervisor');
    await desk.request('agent:status', { status: 'ready' });
    const at = Date.now();
    const body = fb.delivery(PAGE_ID, fb.text(PAGE_ID, PSID, 'm_contract_1', 'hi there', at));
    await deliver('/webhooks/messenger', '/webhooks/messenger', body);
    const assigned = await desk.next('chat:assigned');
    const { conversationId } = assigned;
    const send = { conversationId, clientMessageId: 'contract-1', text: 'Hello, how can I help?' };
    const sent = await desk.request('chat:send', send);
    await desk.next('chat:delivery', (p) => p.status === 'sent');
    const receipt = fb.read(PAGE_ID, PSID, Date.now() + 1_000, Date.now() + 1_000);
    await deliver(perApp, '/webhooks/messenger/{appId}', fb.delivery(PAGE_ID, receipt));
    await desk.next('chat:delivery', (p) => p.status === 'read');
    const synced = await desk.request('sync');
    const supervisorSync = await supervisor.request('sync');
    const watched = await supervisor.request('transcript:watch', { conversationId });
    const fresh = await login(e2e.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    const socketRenewed = await supervisor.request('auth:renew', { token: fresh });
    await settleReadModels(e2e.server.app);

    await call(admin, 'GET', '/api/conversations', '/api/conversations');
    await call(
      admin,
      'GET',
      `/api/conversations/${conversationId}/transcript`,
      '/api/conversations/{conversationId}/transcript',
    );
    await call(admin, 'GET', '/api/agents', '/api/agents');
    // The desk: the transfer dialog's lists (an agent reads them) and a supervisor's note.
    await call(agent.token, 'GET', '/api/desk/transfer-targets', '/api/desk/transfer-targets');
    // The agent's upload (multipart) after the limits the desk checks it against.
    await call(agent.token, 'GET', '/api/desk/upload-limits', '/api/desk/upload-limits');
    const form = new FormData();
    form.append('clientMessageId', 'contract-upload-1');
    form.append('file', new Blob(['%PDF-1.4'], { type: 'application/pdf' }), 'receipt.pdf');
    const uploaded = await call(
      agent.token,
      'POST',
      `/api/conversations/${conversationId}/attachments`,
      '/api/conversations/{conversationId}/attachments',
      form,
    );
    await desk.next(
      'chat:delivery',
      (p) => p.status === 'sent' && p.messageId === uploaded.messageId,
    );
    // Its bytes back (the desk's preview after a reload), as the document they are.
    await call(
      agent.token,
      'GET',
      `/api/conversations/${conversationId}/attachments/${String(uploaded.blob)}`,
      '/api/conversations/{conversationId}/attachments/{blob}',
    );
    await call(
      admin,
      'POST',
      `/api/conversations/${conversationId}/notes`,
      '/api/conversations/{conversationId}/notes',
      { noteId: 'contract-note-1', text: 'For colleagues only' },
    );
    await call(admin, 'PUT', '/api/wrap-up-tags', '/api/wrap-up-tags', {
      tags: [{ tagId: 'resolved', label: 'Resolved' }],
    });
    await call(agent.token, 'GET', '/api/wrap-up-tags', '/api/wrap-up-tags');
    const canned = await call(admin, 'POST', '/api/canned-responses', '/api/canned-responses', {
      shortcut: 'greet',
      title: 'Greeting',
      content: { kind: 'text', text: 'Hi {{customer.first_name}}' },
    });
    const cannedPath = '/api/canned-responses/{cannedResponseId}';
    const cannedOne = `/api/canned-responses/${canned.cannedResponseId}`;
    await call(admin, 'PUT', cannedOne, cannedPath, {
      shortcut: 'greet',
      title: 'Hello',
      content: { kind: 'text', text: 'Hello {{customer.first_name}}' },
    });
    await call(
      agent.token,
      'GET',
      '/api/canned-responses?queueId=support',
      '/api/canned-responses',
    );
    await call(admin, 'DELETE', cannedOne, cannedPath);

    // Supervision: why this state, take over, answer, pass on, take back, end.
    const one = `/api/conversations/${conversationId}`;
    await call(admin, 'GET', `${one}/history`, '/api/conversations/{conversationId}/history');
    const takeOver = { agentId: me.userId };
    await call(
      admin,
      'POST',
      `${one}/assign`,
      '/api/conversations/{conversationId}/assign',
      takeOver,
    );
    await settleReadModels(e2e.server.app);
    await call(admin, 'POST', `${one}/messages`, '/api/conversations/{conversationId}/messages', {
      clientMessageId: 'contract-supervisor-1',
      content: { kind: 'text', text: 'A supervisor here' },
    });
    await supervisor.next('transcript:changed', (p) => p.conversationId === conversationId);
    await call(admin, 'POST', `${one}/transfer`, '/api/conversations/{conversationId}/transfer', {
      queue: 'support',
    });
    await settleReadModels(e2e.server.app);
    await call(
      admin,
      'POST',
      `${one}/assign`,
      '/api/conversations/{conversationId}/assign',
      takeOver,
    );
    await call(admin, 'POST', `${one}/close`, '/api/conversations/{conversationId}/close');
    await settleReadModels(e2e.server.app);

    // The customer panel: the customer writes again, the agent reads who they are and the earlier chat.
    const later = fb.text(PAGE_ID, PSID, 'm_contract_2', 'back again', Date.now());
    await deliver('/webhooks/messenger', '/webhooks/messenger', fb.delivery(PAGE_ID, later));
    const returning = await desk.next('chat:assigned', (p) => p.conversationId !== conversationId);
    const panel = `/api/desk/conversations/${returning.conversationId}/customer`;
    await call(agent.token, 'GET', panel, '/api/desk/conversations/{conversationId}/customer');
    await call(
      agent.token,
      'GET',
      `${panel}/conversations/${conversationId}/transcript`,
      '/api/desk/conversations/{conversationId}/customer/conversations/{previousConversationId}/transcript',
    );

    // Quality control: a scorecard defined and revised, the closed conversation scored by a qc user.
    await call(admin, 'POST', '/api/users', '/api/users', {
      email: 'qc@acme.test',
      password: 'quality reviewer passphrase',
      displayName: 'Reviewer',
      role: 'qc',
    });
    const qc = await login(e2e.url, 'qc@acme.test', 'quality reviewer passphrase');
    const card = '/api/scorecards/courtesy';
    const criteria = [
      { id: 'greeting', label: 'Greets the customer', weight: 1, scale: { kind: 'yes_no' } },
      { id: 'answer', label: 'Answers the question', weight: 2, scale: { kind: 'points', max: 5 } },
    ];
    await call(admin, 'POST', '/api/scorecards', '/api/scorecards', {
      scorecardId: 'courtesy',
      name: 'Courtesy',
      criteria,
    });
    await call(admin, 'PUT', card, '/api/scorecards/{scorecardId}', { name: 'Courtesy', criteria });
    await call(qc, 'GET', '/api/scorecards', '/api/scorecards');
    await call(qc, 'GET', card, '/api/scorecards/{scorecardId}');
    await call(qc, 'POST', `${one}/reviews`, '/api/conversations/{conversationId}/reviews', {
      scorecardId: 'courtesy',
      values: [
        { criterionId: 'greeting', value: true, comment: 'warm' },
        { criterionId: 'answer', value: null },
      ],
      comment: 'good start',
    });
    await settleReadModels(e2e.server.app);
    await call(qc, 'GET', '/api/reviews', '/api/reviews');
    await call(admin, 'POST', `${card}/archive`, '/api/scorecards/{scorecardId}/archive');

    await call(admin, 'GET', '/api/service-settings', '/api/service-settings');
    await call(admin, 'PUT', '/api/service-settings', '/api/service-settings', {
      queueTargets: { support: 30 },
    });
    await call(admin, 'GET', '/api/service-figures?by=queue', '/api/service-figures');

    // Quarantine: an update no reactor can apply is set aside; an admin lists and retries it.
    const blocked = { sender: { id: PSID }, recipient: { id: PAGE_ID }, timestamp: Date.now() };
    const poison = fb.delivery(PAGE_ID, { ...blocked, policy_enforcement: { action: 'block' } });
    await deliver('/webhooks/messenger', '/webhooks/messenger', poison);
    await settle(e2e.server.app);
    const [held] = (await call(admin, 'GET', '/api/quarantine', '/api/quarantine')) as JsonBody[];
    const heldPath = `/api/quarantine/${held.quarantineId}`;
    await call(admin, 'GET', '/api/quarantine/summary', '/api/quarantine/summary');
    await call(admin, 'GET', heldPath, '/api/quarantine/{quarantineId}');
    await call(admin, 'POST', `${heldPath}/retry`, '/api/quarantine/{quarantineId}/retry');
    await call(admin, 'POST', '/api/quarantine/retry', '/api/quarantine/retry');

    // Sessions: an admin revokes the second user's, whose open socket is told and closed.
    const second = await login(e2e.url, 'second@acme.test', 'second agent passphrase');
    const secondDesk = await AgentClient.connect(e2e.url, second);
    await call(admin, 'POST', `${userPath}/revoke-sessions`, '/api/users/{userId}/revoke-sessions');
    await secondDesk.next('session:ended');
    const again = await login(e2e.url, 'second@acme.test', 'second agent passphrase');
    await call(again, 'POST', '/api/auth/logout-everywhere', '/api/auth/logout-everywhere');

    const check = (what: string, schema: TSchema, value: unknown) => {
      const validate = ajv.compile(schema);
      if (!validate(value)) socketProblems.push(`${what}: ${ajv.errorsText(validate.errors)}`);
    };
    for (const { name, payload } of [...desk.received, ...secondDesk.received])
      check(name, AgentPushes[name as keyof typeof AgentPushes], payload);
    for (const { name, payload } of supervisor.received)
      check(name, SupervisorPushes[name as keyof typeof SupervisorPushes], payload);
    for (const batch of batches) check(AGENT_PUSH_BATCH, AgentPushBatch, batch);
    expect(batches.length).toBeGreaterThan(0);
    check('chat:send ack', AgentRequests['chat:send'].ack, withoutOk(sent));
    check('sync ack', AgentRequests.sync.ack, withoutOk(synced));
    check('supervisor sync ack', SupervisorRequests.sync.ack, withoutOk(supervisorSync));
    check('transcript:watch ack', SupervisorRequests['transcript:watch'].ack, withoutOk(watched));
    check('auth:renew ack', SupervisorRequests['auth:renew'].ack, withoutOk(socketRenewed));
    desk.close();
    supervisor.close();
    secondDesk.close();

    expect(socketProblems).toEqual([]);
    expect(desk.received.map((r) => r.name)).toEqual(
      expect.arrayContaining(['chat:assigned', 'chat:message', 'chat:delivery']),
    );
    expect(supervisor.received.map((r) => r.name)).toContain('transcript:changed');
    // A desk is told how many customers wait as soon as it connects, then that its session ended.
    expect(secondDesk.received.map((r) => r.name)).toEqual(['agent:waiting', 'session:ended']);
    expect(answers.filter((a) => a.status >= 300)).toEqual([]);
    const unexercised = operations(doc)
      .filter(({ method, path }) => !answers.some((a) => a.method === method && a.path === path))
      .map(({ method, path }) => `${method} ${path}`);
    expect(unexercised).toEqual([]);
    expect(answers.flatMap((answer) => problemsOf(answer, doc, ajv))).toEqual([]);
  });
});

const withoutOk = (ack: JsonBody) => {
  expect(ack).toMatchObject({ ok: true });
  const { ok: _ok, ...rest } = ack;
  return rest;
};

function operations(doc: OpenApiDocument) {
  return Object.entries(doc.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      operation,
    })),
  );
}

const compiled = new Map<object, ValidateFunction>();

/** What is wrong with one real answer, measured against the schema the document publishes for it. */
function problemsOf(answer: Answer, doc: OpenApiDocument, ajv: Ajv2020): string[] {
  const where = `${answer.method} ${answer.path} ${answer.status}`;
  const response = doc.paths[answer.path]?.[answer.method.toLowerCase()]?.responses[answer.status];
  if (!response) return [`${where}: status not documented`];
  if (answer.status === 204) return answer.body === '' ? [] : [`${where}: a body with no content`];
  const media = Object.entries(response.content ?? {});
  const [, content] =
    media.find(([type]) => answer.contentType.startsWith(type)) ??
    media.find(([type]) => type === 'application/json') ??
    media[0] ??
    [];
  if (!content?.schema) return [`${where}: no schema for ${answer.contentType}`];
  let validate = compiled.get(content.schema);
  if (!validate) {
    // Component references (#/components/schemas/…) resolve against the document itself.
    validate = ajv.compile({ ...content.schema, components: doc.components });
    compiled.set(content.schema, validate);
  }
  return validate(answer.body) ? [] : [`${where}: ${ajv.errorsText(validate.errors)}`];
}
