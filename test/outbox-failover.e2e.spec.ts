import type { RecordedEvent } from '@pagedesk/event-store';
import { PostgresEventStore } from '@pagedesk/event-store/postgres/postgres-event-store';
import { AgentClient, customerWrites, setUpQueue } from './support/agents';
import { type JsonBody } from './support/auth';
import { sharedCheckpoint } from './support/shared-checkpoints';
import { graphError, type GraphRequest } from './support/fake-graph/fake-graph-server';
import { waitUntil } from './support/lifecycle';
import { postgresNodes } from './support/postgres-nodes';
import { type ServerProcess } from './support/server-process';

const metadataOf = (r: GraphRequest) =>
  (r.body as { message?: { metadata?: string } }).message?.metadata;

/**
 * An agent's send is acknowledged (AgentMessageRequested is in the log) while
 * Facebook is away, so the work-lease holder keeps it pending and retries;
 * then that node is SIGKILLed. Its outbox had already moved the shared
 * checkpoint past the request. The node that takes the work lease over must
 * still deliver the message, once (docs/postgres.md, "Several nodes").
 */
describe('an acknowledged send pending on the work-lease holder when it dies', () => {
  let ada: AgentClient | undefined;
  afterAll(() => ada?.close());
  const cluster = postgresNodes({
    dirPrefix: 'pagedesk-outbox-failover-',
    env: {
      LOG_LEVEL: 'warn',
      OUTBOX_RETRY_BASE_MS: '50',
      OUTBOX_RETRY_MAX_MS: '200',
      OUTBOX_MAX_ATTEMPTS: '1000',
    },
    startTimeoutMs: 120_000,
  });
  const { start } = cluster;

  const workLease = async (server: ServerProcess) => {
    const body = (await (await fetch(`${server.url}/ready`)).json()) as JsonBody;
    const parts = body.details.background.parts as JsonBody[];
    return parts.find((p) => p.name === 'work-lease')?.state as string | undefined;
  };

  it('is delivered by the node that takes the work lease over, exactly once', async () => {
    let facebookUp = false;
    cluster.graph.use((request) => {
      if (request.path !== '/me/messages' || facebookUp) return undefined;
      return { status: 500, body: graphError(2, 'Service temporarily unavailable') };
    });
    const holder = await start();
    await waitUntil(async () => (await workLease(holder)) === 'running', 30_000);
    const standby = await start();
    expect(await workLease(standby)).toBe('standby');

    const { agents } = await setUpQueue(standby.url, { agents: 1, routingMode: 'auto' });
    ada = await AgentClient.connect(standby.url, agents[0]!.token);
    await ada.request('agent:status', { status: 'ready' });
    await customerWrites(standby.url, '6900021', 'is anyone there?');
    const { conversationId } = await ada.next(
      'chat:assigned',
      (p) => p.customer.id === '6900021',
      30_000,
    );
    const ack = await ada.request('chat:send', {
      conversationId,
      clientMessageId: 'c-1',
      text: 'yes, here',
    });
    expect(ack.ok).toBe(true);
    const messageId = ack.messageId as string;
    const requested = (await readLog(cluster.databaseUrl)).find(
      (e) => e.type === 'AgentMessageRequested' && e.data.messageId === messageId,
    )!;

    // The holder's outbox has the message in hand (it tried Facebook), and a node that took over
    // from the shared checkpoints would not read the request again.
    const tried = () =>
      cluster.graph
        .requestsTo('/me/messages')
        .some((r) => metadataOf(r) === `pagedesk:out:${messageId}`);
    await waitUntil(async () => tried(), 30_000);
    await waitUntil(
      async () =>
        (await sharedCheckpoint(cluster.databaseUrl, 'outbox')) >= requested.globalPosition,
      30_000,
    );
    await holder.kill('SIGKILL');
    facebookUp = true;

    await waitUntil(async () => (await workLease(standby)) === 'running', 30_000);
    const sent = async () =>
      (await readLog(cluster.databaseUrl)).filter(
        (e) => e.type === 'AgentMessageSent' && e.data.messageId === messageId,
      );
    await waitUntil(async () => (await sent()).length > 0, 20_000).catch(() => undefined);
    expect({ messageId, sent: (await sent()).length }).toEqual({ messageId, sent: 1 });
    const delivered = cluster.graph
      .requestsTo('/me/messages')
      .filter((r) => metadataOf(r) === `pagedesk:out:${messageId}`);
    // Every try but the last was refused with a 500: Facebook has the message once.
    expect(delivered.length).toBeGreaterThan(1);
  }, 300_000);
});

async function readLog(url: string): Promise<RecordedEvent[]> {
  const store = await PostgresEventStore.connect(url);
  try {
    return await store.readAll();
  } finally {
    await store.close();
  }
}
