import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@pagedesk/event-store';
import { authEnv } from './support/auth';
import { entryArgs } from './support/built-or-sources';
import { FakeGraphServer, graphFixture } from './support/fake-graph/fake-graph-server';
import { conversations } from './support/inbound';
import { csatPayload } from '@pagedesk/conversation';
import { delivery, image, quickReply, text } from './support/messenger/deliveries';
import { messengerConfig, PAGE_ID, postWebhook, PSID } from './support/messenger/webhooks';
import { agentCommand, settleReadModels } from './support/read-models';
import { startTestApp } from './support/test-app';
import { CannedResponses } from '../apps/chat-server/src/desk/canned-responses';
import { TextContentDto } from '@pagedesk/outbound';

const ROOT = join(__dirname, '..');
const SURVEY_ID = '9d3c2b1a-0000-4000-8000-00000000c5a7';
const greetContent = () => Object.assign(new TextContentDto(), { kind: 'text', text: 'Hi' });

/** The CLI in its own process: as `npm run cli --` runs it, or built (TEST_SERVER=dist). */
async function cli(dataDir: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [...entryArgs('apps/cli/src/main'), ...args],
      { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, EVENTSTORE_CONNECTION_STRING: '' } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('the pagedesk CLI', () => {
  let dataDir: string;
  let conversationId: string;
  let allEvents: RecordedEvent[];
  let streamEvents: RecordedEvent[];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pagedesk-cli-'));
    const graph = await FakeGraphServer.start();
    graph.setProfile(PSID, graphFixture('profile') as Record<string, unknown>);
    const server = await startTestApp(
      authEnv({
        DATA_DIR: dataDir,
        MESSENGER_CONFIG: messengerConfig(),
        MESSENGER_GRAPH_API_URL: graph.url,
      }),
    );
    const t = Date.now() - 1_000;
    await postWebhook(
      server.url,
      delivery(PAGE_ID, text(PAGE_ID, PSID, 'm_1', 'Where is my order?', t)),
    );
    await settleReadModels(server.app);
    const byStream = await conversations(server.app);
    [conversationId] = [...byStream.keys()].map((s) => s.slice('conversation-'.length));
    await postWebhook(
      server.url,
      delivery(PAGE_ID, image(PAGE_ID, PSID, 'm_2', 'https://cdn.example/receipt.png', t + 500)),
    );
    // The image is in the conversation before the agent closes it: otherwise it opens the next one, and the tap below goes there.
    await settleReadModels(server.app);
    await agentCommand(server.app, conversationId!, 'agent-7', t + 30_000, {
      type: 'AcceptConversation',
      data: { agentId: 'agent-7' },
    });
    await agentCommand(server.app, conversationId!, 'agent-7', t + 31_000, {
      type: 'CloseConversation',
      data: { agentId: 'agent-7' },
    });
    // A satisfaction survey and its answer, so verify and replay cover the CSAT figures too.
    await agentCommand(server.app, conversationId!, 'system', t + 31_000, {
      type: 'RequestCsatSurvey',
      data: { surveyId: SURVEY_ID, question: 'How did we do?', scale: 'five_point' },
    });
    await postWebhook(
      server.url,
      delivery(
        PAGE_ID,
        quickReply(PAGE_ID, PSID, 'm_csat', csatPayload(SURVEY_ID, '4'), t + 40_000),
      ),
    );
    await settleReadModels(server.app);
    await server.app
      .get(CannedResponses)
      .create(
        'acme',
        { shortcut: 'greet', title: 'Greeting', content: greetContent() },
        { userId: 'supervisor-3' },
      );
    const store = server.app.get<EventStore>(EVENT_STORE);
    allEvents = await store.readAll();
    streamEvents = await store.readStream(`conversation-${conversationId}`);
    await server.close();
    await graph.close();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('audits a conversation as a table and as JSON', async () => {
    const table = await cli(dataDir, 'audit', 'conversation', conversationId);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`conversation ${conversationId}: ${streamEvents.length} events`);
    expect(lines[1]).toMatch(/^#\s+recorded at\s+type\s+actor\s+correlation\s+causation$/);
    expect(lines[2]).toMatch(/^0\s+\S+Z\s+ConversationStarted\s+facebook\s+\S+\s+\S+$/);
    expect(lines.some((l) => / ConversationClosedByAgent\s+agent-7 /.test(l))).toBe(true);

    const json = await cli(dataDir, 'audit', 'conversation', conversationId, '--json');
    expect(JSON.parse(json.stdout)).toEqual(
      streamEvents.map((e) => ({
        position: e.globalPosition,
        revision: e.revision,
        eventId: e.id,
        recordedAt: e.metadata.recordedAt,
        type: e.type,
        actor: e.metadata.actor,
        correlationId: e.metadata.correlationId,
        causationId: e.metadata.causationId,
        data: e.data,
      })),
    );
    const missing = await cli(dataDir, 'audit', 'conversation', 'no-such-conversation');
    expect(missing).toMatchObject({ code: 2, stderr: 'no conversation no-such-conversation\n' });
  });

  it("audits a tenant's canned responses with who changed them", async () => {
    const table = await cli(dataDir, 'audit', 'canned-responses', 'acme');
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('canned responses of acme: 1 events');
    expect(lines[2]).toMatch(/^0\s+\S+Z\s+CannedResponseCreated\s+supervisor-3\s/);
    const missing = await cli(dataDir, 'audit', 'canned-responses', 'globex');
    expect(missing).toMatchObject({ code: 2, stderr: 'no canned responses in globex\n' });
  });

  it('finds the live read models identical to a rebuild, then catches a corrupted row', async () => {
    const clean = await cli(dataDir, 'verify');
    expect(clean.stdout).toBe(
      `conversation-list: identical at position ${allEvents.length}\ntranscript: identical at position ${allEvents.length}\n` +
        `service-figures: identical at position ${allEvents.length}\n` +
        `qc-reviews: identical at position ${allEvents.length}\n` +
        `customers: identical at position ${allEvents.length}\n`,
    );
    expect(clean.code).toBe(0);

    const db = new Database(join(dataDir, 'projections.db'));
    db.prepare(
      "UPDATE conversation_list SET customer_name = 'Mallory' WHERE conversation_id = ?",
    ).run(conversationId);
    db.prepare('UPDATE service_conversations SET waiting = 1 WHERE conversation_id = ?').run(
      conversationId,
    );
    db.close();
    const corrupted = await cli(dataDir, 'verify');
    expect(corrupted.code).toBe(1);
    expect(corrupted.stdout).toBe(
      `conversation-list: DIFFERENT at position ${allEvents.length}: conversation_list {"conversation_id":"${conversationId}"} column customer_name: live "Mallory", rebuilt "Anna Schmidt"\n` +
        `transcript: identical at position ${allEvents.length}\n` +
        `service-figures: DIFFERENT at position ${allEvents.length}: service_conversations {"conversation_id":"${conversationId}"} column waiting: live 1, rebuilt 0\n` +
        `qc-reviews: identical at position ${allEvents.length}\n` +
        `customers: identical at position ${allEvents.length}\n`,
    );
  });

  it('replays every projection from zero with a progress bar, then is byte-identical to a rebuild', async () => {
    const replayed = await cli(dataDir, 'replay');
    // The read models read conversation streams only; the rest of the log is passed over unread.
    const applied = allEvents.filter((e) => e.streamName.startsWith('conversation-')).length;
    // Service figures also read the tenants' service settings.
    const figures =
      applied + allEvents.filter((e) => e.streamName.startsWith('servicesettings-')).length;
    const reviews = allEvents.filter((e) => e.streamName.startsWith('qcreviews-')).length;
    expect(replayed.code).toBe(0);
    expect(replayed.stderr).toMatch(/conversation-list\s+\[=+\] \d+\/\d+ \| \d+ events\/s \| ETA/);
    expect(replayed.stdout).toMatch(
      new RegExp(
        `^conversation-list: ${applied} events in [\\d.]+ s, [\\d,]+ events/s\\ntranscript: ${applied} events in [\\d.]+ s, [\\d,]+ events/s\\nservice-figures: ${figures} events in [\\d.]+ s, [\\d,]+ events/s\\nqc-reviews: ${reviews} events in [\\d.]+ s, [\\d,]+ events/s\\ncustomers: ${applied} events in [\\d.]+ s, [\\d,]+ events/s\\ntotal: ${applied * 3 + figures + reviews} events applied, [\\d,]+ events/s\\n$`,
      ),
    );
    expect((await cli(dataDir, 'verify')).code).toBe(0);
    const one = await cli(dataDir, 'replay', 'transcript', '--no-progress');
    expect(one.stdout).toMatch(/^transcript: \d+ events/);
    expect(one.stderr).toBe('');
    expect(await cli(dataDir, 'replay', 'nonsense')).toMatchObject({
      code: 2,
      stderr:
        'unknown projection nonsense (known: conversation-list, transcript, service-figures, qc-reviews, customers)\n',
    });
  });

  it('replays the CSAT figures byte-identically, and notices a changed answer', async () => {
    expect(streamEvents.map((e) => e.type)).toEqual(
      expect.arrayContaining(['CsatSurveyRequested', 'CsatAnswered']),
    );
    expect((await cli(dataDir, 'verify')).code).toBe(0);
    const db = new Database(join(dataDir, 'projections.db'));
    const { facts } = db
      .prepare('SELECT facts FROM service_conversations WHERE conversation_id = ?')
      .get(conversationId) as { facts: string };
    expect(JSON.parse(facts).csat).toEqual({
      agentId: 'agent-7',
      scale: 'five_point',
      choice: '4',
    });
    db.prepare('UPDATE service_conversations SET facts = ? WHERE conversation_id = ?').run(
      facts.replace('"choice":"4"', '"choice":"5"'),
      conversationId,
    );
    db.close();
    const corrupted = await cli(dataDir, 'verify');
    expect(corrupted.code).toBe(1);
    expect(corrupted.stdout).toMatch(
      new RegExp(
        `service-figures: DIFFERENT at position ${allEvents.length}: service_conversations \\{"conversation_id":"${conversationId}"\\} column facts`,
      ),
    );
    expect((await cli(dataDir, 'replay', 'service-figures', '--no-progress')).code).toBe(0);
    expect((await cli(dataDir, 'verify')).code).toBe(0);
  });

  it('exports the raw events of a period as NDJSON', async () => {
    const from = allEvents[0]!.metadata.recordedAt;
    const everything = await cli(
      dataDir,
      'export',
      '--from',
      from,
      '--to',
      new Date(Date.now() + 60_000).toISOString(),
    );
    expect(everything.code).toBe(0);
    const lines = everything.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual(
      allEvents.map((e) => ({
        globalPosition: e.globalPosition,
        streamName: e.streamName,
        revision: e.revision,
        id: e.id,
        type: e.type,
        data: e.data,
        metadata: e.metadata,
      })),
    );
    expect(everything.stderr).toBe(`exported ${allEvents.length} events\n`);
    const nothing = await cli(dataDir, 'export', '--from', '2001-01-01', '--to', from);
    expect(nothing).toMatchObject({ code: 0, stdout: '' });
    const bad = await cli(dataDir, 'export', '--from', 'yesterday', '--to', from);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--from must be a date');
  });
});
