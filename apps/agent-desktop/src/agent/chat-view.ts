import type { Chat } from './desk-state';
import type { Content, Customer, CustomerAttachment, EndedPush, MessagePush } from './contract';

export type DeliveryStatus = 'pending' | 'sent' | 'delivered' | 'read' | 'failed';

export interface TranscriptMessage {
  readonly messageId: string;
  readonly author: MessagePush['author'];
  readonly postback: boolean;
  readonly text: string | null;
  readonly payload: string | null;
  readonly content: Content | null;
  readonly attachments: readonly CustomerAttachment[];
  readonly at: number;
  /** Only for what the page sent (agents and automatic messages). */
  readonly status: DeliveryStatus | null;
  readonly failure: string | null;
}

export interface ChatView {
  readonly customer: Customer | null;
  readonly messages: readonly TranscriptMessage[];
  readonly ended: EndedPush | null;
}

interface Outcome {
  mid?: string;
  sentAt?: number;
  failure?: string;
  permanent?: boolean;
}

/** Folds a chat's pushes into what its pane shows; receipts are watermarks, as Messenger sends them. */
export function chatView(chat: Chat): ChatView {
  let customer = chat.description.customer;
  let ended: EndedPush | null = null;
  let delivered = 0;
  let read = 0;
  const deliveredMids = new Set<string>();
  const messages = new Map<string, MessagePush>();
  const outcomes = new Map<string, Outcome>();
  for (const push of chat.pushes) {
    switch (push.name) {
      case 'chat:message':
        messages.set(push.payload.messageId, push.payload);
        break;
      case 'chat:delivery': {
        const p = push.payload;
        const outcome = p.messageId ? (outcomes.get(p.messageId) ?? {}) : {};
        if (p.status === 'sent')
          Object.assign(outcome, { mid: p.mid, sentAt: p.at, failure: undefined });
        if (p.status === 'failed')
          Object.assign(outcome, { failure: p.reason ?? 'failed', permanent: p.permanent });
        if (p.messageId) outcomes.set(p.messageId, outcome);
        if (p.status === 'delivered') {
          delivered = Math.max(delivered, p.watermark ?? 0);
          for (const mid of p.mids ?? []) deliveredMids.add(mid);
        }
        if (p.status === 'read') read = Math.max(read, p.watermark ?? 0);
        break;
      }
      case 'chat:customer_updated': {
        const p = push.payload;
        const base: Customer = customer ?? {
          kind: 'psid',
          id: '',
          guest: false,
          name: null,
          pictureUrl: null,
        };
        customer = {
          ...base,
          ...(p.customer ?? {}),
          ...(p.name !== undefined ? { name: p.name } : {}),
          ...(p.pictureUrl !== undefined ? { pictureUrl: p.pictureUrl } : {}),
        };
        break;
      }
      case 'chat:ended':
        ended = push.payload;
        break;
    }
  }
  const statusOf = (m: MessagePush): Pick<TranscriptMessage, 'status' | 'failure'> => {
    if (m.author !== 'agent' && m.author !== 'automatic') return { status: null, failure: null };
    const o = outcomes.get(m.messageId) ?? {};
    if (o.failure && (o.permanent || o.sentAt === undefined))
      return {
        status: o.permanent ? 'failed' : 'pending',
        failure: o.permanent ? o.failure : `${o.failure} (retrying)`,
      };
    if (o.sentAt === undefined) return { status: 'pending', failure: null };
    if (o.sentAt <= read) return { status: 'read', failure: null };
    if ((o.mid && deliveredMids.has(o.mid)) || o.sentAt <= delivered)
      return { status: 'delivered', failure: null };
    return { status: 'sent', failure: null };
  };
  return {
    customer,
    ended,
    messages: [...messages.values()].map((m) => ({
      messageId: m.messageId,
      author: m.author,
      postback: m.kind === 'postback',
      text: m.text ?? null,
      payload: m.payload ?? m.quickReplyPayload ?? null,
      content: m.content ?? null,
      attachments: m.attachments ?? [],
      at: m.at,
      ...statusOf(m),
    })),
  };
}
