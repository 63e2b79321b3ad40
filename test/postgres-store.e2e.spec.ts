import { Client } from 'pg';
import { AgentClient, customerWrites, setUpQueue } from './support/agents';
import { type JsonBody } from './support/auth';
import { postgresNodes } from './support/postgres-nodes';

/**
 * The server on DATABASE_URL against a real PostgreSQL. The second server
 * starts on an empty DATA_DIR, as a replacement machine would: everything it
 * knows comes from the database (the log and the reactors' checkpoints), and
 * it rebuilds its local read models from the log.
 */
describe('chat server on PostgreSQL (DATABASE_URL)', () => {
  const clients: AgentClient[] = [];
  afterAll(() => clients.forEach((c) => c.close()));
  const cluster = postgresNodes({ dirPrefix: 'pagedesk-pg-node-' });
  const { start, running } = cluster;

  const reactorCheckpoints = async () => {
    const client = new Client({ connectionString: cluster.databaseUrl });
    await client.connect();
    try {
      return (await client.query('SELECT name, position FROM checkpoints')).rows;
    } finally {
      await client.end();
    }
  };

  it('takes a webhook to an agent, sends the reply once, and a node on an empty disk carries on', async () => {
    const first = await start();
    const { agents } = await setUpQueue(first.url, { agents: 1, routingMode: 'offer' });
    let ada = await AgentClient.connect(first.url, agents[0]!.token);
    clients.push(ada);
    await ada.request('agent:status', { status: 'ready' });
    await customerWrites(first.url, '6800001', 'is my order on its way?');
    const offer = await ada.next('chat:requested');
    expect(offer.customer.id).toBe('6800001');
    expect((await ada.request('chat:accept', { conversationId: offer.conversationId })).ok).toBe(
      true,
    );
    const sent = await ada.request('chat:send', {
      conversationId: offer.conversationId,
      clientMessageId: 'pg-reply-1',
      text: 'It ships today',
    });
    expect(sent.ok).toBe(true);
    await ada.next('chat:delivery', (p) => p.messageId === sent.messageId && p.status === 'sent');
    ada.close();
    await first.kill('SIGKILL');
    expect(await reactorCheckpoints()).not.toHaveLength(0);

    const second = await start();
    ada = await AgentClient.connect(second.url, agents[0]!.token);
    clients.push(ada);
    const sync = await ada.request('sync', {});
    expect(sync.chats.map((c: JsonBody) => c.conversationId)).toEqual([offer.conversationId]);
    await customerWrites(second.url, '6800001', 'thanks!');
    const message = await ada.next(
      'chat:message',
      (p) => p.conversationId === offer.conversationId && p.text === 'thanks!',
    );
    expect(message.author).toBe('customer');
    const replies = cluster.graph
      .requestsTo('/me/messages')
      .filter((r) => JSON.stringify(r.body).includes('It ships today'));
    expect(replies).toHaveLength(1);
    const password = new URL(cluster.databaseUrl).password;
    for (const server of running) expect(server.output()).not.toContain(password);
  }, 90_000);
});
