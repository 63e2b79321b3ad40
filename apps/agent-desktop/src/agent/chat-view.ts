import type { Chat } from './desk-state';
import { messageExtras, NO_EXTRAS, type MessageExtras } from './reactions/message-extras';
import type {
  Content,
  Customer,
  CustomerAttachment,
  DeliveryStatus,
  EndedPush,
  MessagePush,
  MessageStatus,
} from '@pagedesk/contracts';

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
  /** Edits and reactions (reactions/message-extras.ts). */
  readonly extras: MessageExtras;
}

export interface ChatView {
  readonly customer: Customer | null;
  readonly messages: readonly TranscriptMessage[];
  readonly ended: EndedPush | null;
}

/**
 * Folds a chat's pushes into what its pane shows. Delivery statuses come computed in each
 * `chat:delivery` push (the one rule, libs/contracts); the desktop shows the latest, never guesses.
 */
export function chatView(chat: Chat): ChatView {
  let customer = chat.description.customer;
  let ended: EndedPush | null = null;
  const messages = new Map<string, MessagePush>();
  const statuses = new Map<string, MessageStatus>();
  for (const push of chat.pushes) {
    switch (push.name) {
      case 'chat:message':
        messages.set(push.payload.messageId, push.payload);
        break;
      case 'chat:delivery':
        for (const status of push.payload.messages) statuses.set(status.messageId, status);
        break;
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
    const known = statuses.get(m.messageId);
    if (!known) return { status: 'pending', failure: null };
    const retrying = known.status === 'pending' && known.failure !== null;
    return {
      status: known.status,
      failure: retrying ? `${known.failure} (retrying)` : known.failure,
    };
  };
  const extras = messageExtras(chat.pushes, (id) => messages.get(id)?.text ?? null);
  return {
    customer,
    ended,
    messages: [...messages.values()].map((m) => ({
      messageId: m.messageId,
      author: m.author,
      postback: m.kind === 'postback',
      // An edited message shows its newest text; the earlier ones are in `extras.history`.
      text: extras.get(m.messageId)?.history.at(-1)?.text ?? m.text ?? null,
      payload: m.payload ?? m.quickReplyPayload ?? null,
      content: m.content ?? null,
      attachments: m.attachments ?? [],
      at: m.at,
      ...statusOf(m),
      extras: extras.get(m.messageId) ?? NO_EXTRAS,
    })),
  };
}
