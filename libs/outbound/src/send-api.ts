import {
  AGENT_REACTIONS,
  echoMetadataFor,
  type AgentReaction,
  type AgentMessageContent,
  type CarouselElement,
  type CustomerIdentity,
  type MessageButton,
  type MessagingPolicy,
  type QuickReply,
} from '@pagedesk/conversation';

type Json = Record<string, unknown>;

export type SenderAction = 'typing_on' | 'typing_off' | 'mark_seen';

/**
 * A Chat Plugin visitor who has not written yet is known only by `user_ref`;
 * a PSID and a plugin guest id are both plain recipient ids.
 */
export const recipientFor = (customer: CustomerIdentity): Json =>
  customer.kind === 'user_ref' ? { user_ref: customer.id } : { id: customer.id };

/** The body of `POST /me/messages` for one outbound message, exactly as Facebook documents it. */
export function sendApiMessage(message: {
  readonly messageId: string;
  readonly customer: CustomerIdentity;
  readonly messaging: MessagingPolicy;
  readonly content: AgentMessageContent;
  /** Facebook's id for an uploaded file (content `upload`), from the Attachment Upload API. */
  readonly attachmentId?: string | null;
}): Json {
  const { messaging } = message;
  return {
    recipient: recipientFor(message.customer),
    messaging_type: messaging.messagingType,
    ...(messaging.messagingType === 'MESSAGE_TAG' ? { tag: messaging.tag } : {}),
    message: {
      ...messageBody(message.content, message.attachmentId ?? null),
      ...quickReplies(message.content.quickReplies),
      metadata: echoMetadataFor(message.messageId),
    },
  };
}

export const senderActionBody = (customer: CustomerIdentity, action: SenderAction): Json => ({
  recipient: recipientFor(customer),
  sender_action: action,
});

/**
 * An agent's reaction to the customer's message `mid`, in the shape Messenger documents for
 * reactions sent by a page: `sender_action: react` with the message id and the emoji, or
 * `unreact` with the message id alone.
 */
export const reactionBody = (
  customer: CustomerIdentity,
  mid: string,
  reaction: AgentReaction | null,
): Json => ({
  recipient: recipientFor(customer),
  sender_action: reaction === null ? 'unreact' : 'react',
  payload:
    reaction === null
      ? { message_id: mid }
      : { message_id: mid, reaction: AGENT_REACTIONS[reaction] },
});

function messageBody(content: AgentMessageContent, attachmentId: string | null): Json {
  switch (content.kind) {
    case 'text':
      return { text: content.text };
    case 'attachment':
      return {
        attachment: { type: content.attachment.type, payload: { url: content.attachment.url } },
      };
    case 'upload':
      // The outbox uploads first (attachmentUploadForm) and sends only with the id in hand.
      if (attachmentId === null) throw new TypeError('an uploaded file needs its attachment_id');
      return {
        attachment: { type: content.upload.type, payload: { attachment_id: attachmentId } },
      };
    case 'buttons':
      return template({
        template_type: 'button',
        text: content.text,
        buttons: content.buttons.map(button),
      });
    case 'carousel':
      return template({ template_type: 'generic', elements: content.elements.map(element) });
    default: {
      const unhandled: never = content;
      throw new TypeError(`unknown content ${(unhandled as { kind: string }).kind}`);
    }
  }
}

const template = (payload: Json): Json => ({ attachment: { type: 'template', payload } });

function quickReplies(replies: readonly QuickReply[]): Json {
  if (replies.length === 0) return {};
  return {
    quick_replies: replies.map((reply) =>
      reply.type === 'text'
        ? {
            content_type: 'text',
            title: reply.title,
            payload: reply.payload,
            ...(reply.imageUrl === null ? {} : { image_url: reply.imageUrl }),
          }
        : { content_type: reply.type },
    ),
  };
}

function button(b: MessageButton): Json {
  return b.type === 'web_url'
    ? { type: 'web_url', url: b.url, title: b.title }
    : { type: b.type, title: b.title, payload: b.payload };
}

function element(e: CarouselElement): Json {
  return {
    title: e.title,
    ...(e.subtitle === null ? {} : { subtitle: e.subtitle }),
    ...(e.imageUrl === null ? {} : { image_url: e.imageUrl }),
    ...(e.defaultActionUrl === null
      ? {}
      : { default_action: { type: 'web_url', url: e.defaultActionUrl } }),
    ...(e.buttons.length === 0 ? {} : { buttons: e.buttons.map(button) }),
  };
}

/**
 * The `message` field of Facebook's Attachment Upload API (`POST /me/message_attachments`,
 * multipart, the bytes in `filedata`): reusable, so a resend refers to the same id.
 */
export const attachmentUploadMessage = (type: string): string =>
  JSON.stringify({ attachment: { type, payload: { is_reusable: true } } });
