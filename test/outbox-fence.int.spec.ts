import type { Lease, LeaseEvents } from '../apps/chat-server/src/cluster/lease';
import { SendAgentUpload } from '../apps/chat-server/src/outbound/uploads/send-agent-upload';
import {
  FakeGraphServer,
  graphError,
  type GraphReply,
} from './support/fake-graph/fake-graph-server';
import { waitUntil } from './support/lifecycle';
import { messengerConfig } from './support/messenger/webhooks';
import {
  AGENT,
  assignedConversation,
  eventsOf,
  sendAgentMessage,
  sentMessages,
  typesOf,
} from './support/outbound';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The work lease of a holder whose process froze past its local deadline:
 * `held` is already false (it reads the monotonic clock), but the timer that
 * reports the loss has not run, so the lanes were not stopped. Counts the
 * times it answered "no", which is the lane asking right before a Graph call.
 */
class FrozenHolder implements Lease {
  readonly token = 1n;
  refused = 0;
  private live = true;

  get held(): boolean {
    if (!this.live) this.refused++;
    return this.live;
  }

  start(events: LeaseEvents): void {
    queueMicrotask(() => events.changed(true));
  }

  async stop(): Promise<void> {}

  freeze(): void {
    this.live = false;
  }

  /** A renewal sent before the deadline came back: the lease was this node's all along. */
  thaw(): void {
    this.live = true;
  }
}

const UNAVAILABLE: GraphReply = {
  status: 500,
  body: graphError(2, 'Service temporarily unavailable'),
};

/**
 * A lane waits for its retry while the holder is frozen past its deadline;
 * the retry timer fires before the lease-loss timer. Without the fence
 * (`OutboxDelivery.fence`) that retry reaches Facebook although another node
 * may hold the lease and send the same message: a double send.
 */
describe.each([
  { api: 'Send API', path: '/me/messages' },
  { api: 'Attachment Upload API', path: '/me/message_attachments' },
])('a lane whose retry comes due once the work lease is no longer held ($api)', ({ path }) => {
  let graph: FakeGraphServer;
  let server: TestApp;
  let lease: FrozenHolder;

  beforeEach(async () => {
    graph = await FakeGraphServer.start();
    lease = new FrozenHolder();
    server = await startTestApp(
      {
        MESSENGER_CONFIG: messengerConfig(),
        MESSENGER_GRAPH_API_URL: graph.url,
        OUTBOX_RETRY_BASE_MS: '200',
        OUTBOX_RETRY_MAX_MS: '400',
      },
      { workLease: lease },
    );
  });
  afterEach(async () => {
    await server?.close();
    await graph?.close();
  });

  const send = async (conversationId: string) => {
    if (path === '/me/messages')
      return sendAgentMessage(server.app, conversationId, { kind: 'text', text: 'on my way' });
    const buffer = Buffer.from('%PDF-1.4 invoice');
    return server.app.get(SendAgentUpload).execute({
      conversationId,
      agentId: AGENT,
      clientMessageId: 'upload-1',
      file: {
        originalname: 'invoice.pdf',
        mimetype: 'application/pdf',
        size: buffer.length,
        buffer,
      },
    });
  };

  it('calls Facebook no more and records nothing until the lease is held again, then sends once', async () => {
    // Facebook refuses the first call; the holder freezes while it answers.
    let first = true;
    graph.use((request) => {
      if (request.path !== path || !first) return undefined;
      first = false;
      lease.freeze();
      return UNAVAILABLE;
    });
    const conversationId = await assignedConversation(server.app, server.url, '7300042');
    await send(conversationId);
    const calls = () => graph.requestsTo(path).length;
    // Either API: the upload and the send that follows it are both Facebook acting for the page.
    const facebook = () =>
      graph.requests.filter(
        (r) => r.path === '/me/messages' || r.path === '/me/message_attachments',
      ).length;

    // The retry (200-400 ms) came due and asked the fence twice, or (without it) went out.
    await waitUntil(async () => lease.refused >= 2 || calls() > 1, 15_000);
    const frozen = typesOf(await eventsOf(server.app, conversationId));
    expect({ thisApi: calls(), allCalls: facebook() }).toEqual({ thisApi: 1, allCalls: 1 });
    expect(frozen.filter((t) => t === 'AgentMessageFailed')).toHaveLength(1);
    expect(frozen).not.toContain('AgentMessageSent');
    expect(frozen).not.toContain('AgentAttachmentUploaded');

    // Held back, not dropped: once the lease is known to be held, the message goes out once.
    lease.thaw();
    await waitUntil(
      async () => typesOf(await eventsOf(server.app, conversationId)).includes('AgentMessageSent'),
      15_000,
    );
    const after = typesOf(await eventsOf(server.app, conversationId));
    expect(after.filter((t) => t === 'AgentMessageSent')).toHaveLength(1);
    expect(after.filter((t) => t === 'AgentMessageFailed')).toHaveLength(1);
    expect(calls()).toBe(2);
    // The refused Send API call and the one that went through; after an upload, only the latter.
    expect(sentMessages(graph)).toHaveLength(path === '/me/messages' ? 2 : 1);
  }, 60_000);
});
