import type { Lease } from '../apps/chat-server/src/cluster/lease';
import { WORK_LEASE } from '../apps/chat-server/src/cluster/work-lease';
import { AgentClient, customerWrites, setUpQueue } from './support/agents';
import { api, type JsonBody } from './support/auth';
import { inProcessNodes } from './support/in-process-nodes';
import { waitUntil } from './support/lifecycle';
import { settleReadModels } from './support/read-models';
import type { TestApp } from './support/test-app';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const AROUND = `period=custom&from=${day(Date.now() - 86_400_000)}&to=${day(Date.now() + 86_400_000)}`;

/**
 * With DATABASE_URL the read models live in PostgreSQL (schema read_models,
 * docs/postgres.md "What lives where"): the projections run on the node that
 * holds the work lease, and every node's REST reads the same rows. Before,
 * each node folded its own read-models.db.
 */
describe('read models shared by two nodes on one PostgreSQL', () => {
  const cluster = inProcessNodes();
  const holds = (node: TestApp) => node.app.get<Lease | null>(WORK_LEASE)?.held === true;
  const projections = async (node: TestApp) => {
    const ready = await fetch(`${node.url}/ready`);
    const parts = ((await ready.json()) as JsonBody).details.background.parts as JsonBody[];
    return parts.filter((p) => p.kind === 'projection').map((p) => `${p.name}:${p.state}`);
  };

  it('a chat handled through node 1 reads the same through node 2; node 1 stopped, node 2 carries on from the shared checkpoint', async () => {
    const database = await cluster.database();
    const first = await cluster.node(database);
    await waitUntil(async () => holds(first));
    const second = await cluster.node(database);
    const { admin, agents } = await setUpQueue(first.url, { agents: 1, routingMode: 'auto' });
    const ada = await AgentClient.connect(first.url, agents[0]!.token);
    await ada.request('agent:status', { status: 'ready' });
    await customerWrites(first.url, '7100001', 'asked on node 1');
    const { conversationId } = await ada.next('chat:assigned', (p) => p.customer.id === '7100001');
    await settleReadModels(first.app);
    ada.close();

    const read = async (node: TestApp, path: string) => {
      const { status, body } = await api(node.url, admin)('GET', path);
      expect(status).toBe(200);
      return body;
    };
    const views = (node: TestApp) =>
      Promise.all([
        read(node, '/api/conversations'),
        read(node, `/api/conversations/${conversationId}/transcript`),
        read(node, `/api/service-figures?${AROUND}`),
      ]);
    const [list, transcript, figures] = await views(second);
    expect(list.items).toEqual([
      expect.objectContaining({ conversationId, status: 'assigned', agentId: agents[0]!.userId }),
    ]);
    expect(transcript.entries.map((e: JsonBody) => e.text ?? e.type)).toContain('asked on node 1');
    expect(figures.groups[0].figures).toMatchObject({ offered: 1, answered: 1 });
    // The same rows, not a copy: node 1 answers word for word what node 2 does (but "now").
    const strip = (body: JsonBody) => ({ ...body, now: undefined });
    const [list1, transcript1, figures1] = await views(first);
    expect([list1, transcript1, strip(figures1)]).toEqual([list, transcript, strip(figures)]);
    expect(await projections(second)).toEqual([
      'conversation-list:standby',
      'transcript:standby',
      'service-figures:standby',
      'qc-reviews:standby',
      'customers:standby',
    ]);

    await first.close();
    // The new holder reloads the shared checkpoints before it starts what the lease covers.
    await waitUntil(async () => (await projections(second)).every((p) => p.endsWith(':running')));
    await customerWrites(second.url, '7100001', 'asked again on node 2');
    await settleReadModels(second.app);
    const [after, afterTranscript] = await views(second);
    const customerTexts = afterTranscript.entries
      .filter((e: JsonBody) => e.kind === 'customer')
      .map((e: JsonBody) => e.text);
    expect(customerTexts).toEqual(['asked on node 1', 'asked again on node 2']);
    expect(after.items).toEqual([
      expect.objectContaining({
        conversationId,
        messages: expect.objectContaining({ customer: 2 }),
      }),
    ]);
    expect(holds(second)).toBe(true);
    expect(await projections(second)).toEqual([
      'conversation-list:running',
      'transcript:running',
      'service-figures:running',
      'qc-reviews:running',
      'customers:running',
    ]);
  }, 120_000);
});
