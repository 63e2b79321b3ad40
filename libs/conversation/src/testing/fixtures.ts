import type { ConversationCommand } from '../commands';
import type { AgentMessageContent, MessageAttachment, Referral } from '../content';
import type {
  AgentMessageFailed,
  AgentMessageRequested,
  ConversationEvent,
  ConversationStarted,
  CustomerMessageReceived,
} from '../events';
import type { CustomerIdentity } from '../identity';

export const CONVERSATION_ID = 'c-0001';
export const TENANT = 'tenant-acme';
export const PAGE = '102938475610293';
export const PSID: CustomerIdentity = { kind: 'psid', id: '7392015648120394' };
export const GUEST: CustomerIdentity = { kind: 'guest', id: '4455667788990011' };
export const USER_REF: CustomerIdentity = { kind: 'user_ref', id: 'uref_5566778899' };
export const AGENT = 'agent-ada';
export const OTHER_AGENT = 'agent-bob';

/** Facebook time of the first customer message in the fixtures (2026-07-29T08:00:04.523Z). */
export const T0 = 1785312004523;
export const NOW = T0 + 60_000;
export const iso = (ms: number): string => new Date(ms).toISOString();

type CommandData<T extends ConversationCommand['type']> = Extract<
  ConversationCommand,
  { type: T }
>['data'];

export const command = <T extends ConversationCommand['type']>(
  type: T,
  data: CommandData<T>,
  now: number = NOW,
): ConversationCommand => ({ type, data, metadata: { now: iso(now) } }) as ConversationCommand;

export const SHORTLINK: Referral = {
  type: 'OPEN_THREAD',
  ref: 'summer_coupon',
  source: 'SHORTLINK',
  refererUri: null,
  adId: null,
};

export const IMAGE: MessageAttachment = {
  type: 'image',
  url: 'https://scontent.xx.fbcdn.net/v/photo_1.jpg',
  title: null,
  stickerId: null,
  coordinates: null,
};

export const started = (
  overrides: Partial<ConversationStarted['data']> = {},
): ConversationStarted => ({
  type: 'ConversationStarted',
  data: {
    conversationId: CONVERSATION_ID,
    tenantId: TENANT,
    pageId: PAGE,
    customer: PSID,
    channel: 'messenger',
    referral: null,
    startedAt: T0,
    ...overrides,
  },
});

export const customerMessage = (
  mid: string,
  sentAt = T0,
  overrides: Partial<CustomerMessageReceived['data']> = {},
): CustomerMessageReceived => ({
  type: 'CustomerMessageReceived',
  data: {
    mid,
    text: 'Hi, is size M still in stock?',
    attachments: [],
    quickReplyPayload: null,
    replyToMid: null,
    sentAt,
    ...overrides,
  },
});

export const assigned = (agentId = AGENT, at = NOW): ConversationEvent => ({
  type: 'AgentAssigned',
  data: { agentId, previousAgentId: null, assignedBy: agentId, assignedAt: at },
});

export const REPLY: AgentMessageContent = {
  kind: 'text',
  text: 'Yes, size M is in stock.',
  quickReplies: [],
};

export const requested = (
  messageId: string,
  requestedAt = NOW,
  clientMessageId = `client-${messageId}`,
): AgentMessageRequested => ({
  type: 'AgentMessageRequested',
  data: {
    messageId,
    clientMessageId,
    agentId: AGENT,
    content: REPLY,
    messaging: { messagingType: 'RESPONSE' },
    requestedAt,
  },
});

export const sent = (
  messageId: string,
  mid: string,
  sentAt: number | null = null,
  confirmedAt = NOW,
): ConversationEvent => ({
  type: 'AgentMessageSent',
  data: { messageId, mid, sentAt, confirmedAt },
});

export const failed = (
  messageId: string,
  overrides: Partial<AgentMessageFailed['data']> = {},
): AgentMessageFailed => ({
  type: 'AgentMessageFailed',
  data: {
    messageId,
    code: 1200,
    subcode: null,
    reason: 'Temporary send message failure',
    permanent: false,
    attempt: 1,
    retryAt: NOW + 1_000,
    failedAt: NOW,
    ...overrides,
  },
});

export const closed = (agentId = AGENT, at = NOW): ConversationEvent => ({
  type: 'ConversationClosedByAgent',
  data: { agentId, closedAt: at },
});

/** A conversation with a customer message and an agent on it, the usual starting point. */
export const assignedConversation = (): ConversationEvent[] => [
  started(),
  customerMessage('m_1'),
  assigned(),
];
