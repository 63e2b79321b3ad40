import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { ConversationStarted } from '@pagedesk/conversation';
import type { RecordedEvent } from '@pagedesk/event-store';
import { ExecuteConversationCommand } from '../../apps/chat-server/src/conversations/execute-conversation-command';
import { OutboundModule } from '../../apps/chat-server/src/outbound/outbound.module';
import { SendAgentMessage } from '../../apps/chat-server/src/outbound/send-agent-message/send-agent-message';
import {
  graphError,
  graphFixture,
  type FakeGraphServer,
  type GraphReply,
} from './fake-graph/fake-graph-server';
import { conversations, settle } from './inbound';
import { PAGE_ID, postWebhook } from './messenger/webhooks';

export const AGENT = 'agent-ada';

/** Send API answers that must be retried: 5xx, Facebook's temporary and throttling errors, no body. */
export const TRANSIENT_REPLIES: readonly GraphReply[] = [
  { status: 500, body: graphError(2, 'Service temporarily unavailable') },
  { status: 400, body: graphFixture('error-temporary') },
  { status: 400, body: graphFixture('error-rate-limit') },
  { status: 503, body: null },
];

/** A signed webhook for one customer message, `sentAt` Facebook's time; from a PSID or a Chat Plugin user_ref. */
export async function customerWrites(
  url: string,
  sender: { id: string } | { user_ref: string },
  options: { mid?: string; text?: string; sentAt?: number; pageId?: string } = {},
): Promise<void> {
  const {
    mid = `m_${randomUUID()}`,
    text = 'Hello?',
    sentAt = Date.now(),
    pageId = PAGE_ID,
  } = options;
  const body = JSON.stringify({
    object: 'page',
    entry: [
      {
        id: pageId,
        time: sentAt,
        messaging: [
          { sender, recipient: { id: pageId }, timestamp: sentAt, message: { mid, text } },
        ],
      },
    ],
  });
  const response = await postWebhook(url, body);
  if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
}

/** Waits for inbound and outbound reactors and for every outbox lane to empty. */
export async function settleAll(app: INestApplication): Promise<void> {
  for (let round = 0; round < 2; round++) {
    await settle(app);
    await app.get(OutboundModule).settled();
  }
}

/** The conversation started for a customer id (PSID or user_ref). */
export async function conversationOf(app: INestApplication, customerId: string): Promise<string> {
  await settle(app);
  for (const events of (await conversations(app)).values()) {
    const start = events[0]?.data as unknown as ConversationStarted['data'] | undefined;
    if (start?.customer.id === customerId) return start.conversationId;
  }
  throw new Error(`no conversation for ${customerId}`);
}

export async function assignAgent(
  app: INestApplication,
  conversationId: string,
  agentId = AGENT,
): Promise<void> {
  const now = new Date().toISOString();
  await app
    .get(CommandBus)
    .execute(
      new ExecuteConversationCommand(
        conversationId,
        { type: 'AssignAgent', data: { agentId, assignedBy: 'router' }, metadata: { now } },
        { correlationId: randomUUID(), causationId: randomUUID(), actor: 'router', now },
      ),
    );
}

/** A customer wrote and an agent has the conversation: the usual start of an outbound test. */
export async function assignedConversation(
  app: INestApplication,
  url: string,
  psid: string,
  sentAt = Date.now(),
): Promise<string> {
  await customerWrites(url, { id: psid }, { sentAt });
  const conversationId = await conversationOf(app, psid);
  await assignAgent(app, conversationId);
  return conversationId;
}

export const sendAgentMessage = (
  app: INestApplication,
  conversationId: string,
  content: unknown,
  clientMessageId: string = randomUUID(),
) =>
  app.get(SendAgentMessage).execute({ conversationId, agentId: AGENT, clientMessageId, content });

/** The Send API bodies the fake Graph server received for messages (not sender actions), in order. */
export const sentMessages = (graph: FakeGraphServer) =>
  graph
    .requestsTo('/me/messages')
    .filter((r) => (r.body as { message?: unknown }).message !== undefined);

export async function eventsOf(
  app: INestApplication,
  conversationId: string,
): Promise<RecordedEvent[]> {
  return (await conversations(app)).get(`conversation-${conversationId}`) ?? [];
}

export const typesOf = (events: readonly RecordedEvent[]) => events.map((e) => e.type);
