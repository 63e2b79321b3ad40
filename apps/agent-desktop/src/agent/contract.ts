/**
 * The `/agent` socket as the server speaks it (docs/socket-contract.md).
 * Every push carries `position`, the event's place in the global log: the
 * desktop merges live pushes and `sync` answers by it.
 */
export interface Customer {
  readonly kind: string;
  readonly id: string;
  readonly guest: boolean;
  readonly name: string | null;
  readonly pictureUrl: string | null;
}

export interface ChatDescription {
  readonly conversationId: string;
  readonly pageId: string;
  readonly pageName: string | null;
  readonly queue: string | null;
  readonly queuedAt: number | null;
  readonly startedAt: number | null;
  readonly customer: Customer | null;
  readonly firstMessages: readonly MessagePush[];
  readonly position?: number;
}

export interface CustomerAttachment {
  readonly type: string;
  readonly url: string | null;
  readonly title?: string | null;
}

export type QuickReply =
  | {
      readonly type: 'text';
      readonly title: string;
      readonly payload: string;
      readonly imageUrl?: string | null;
    }
  | { readonly type: 'user_email' }
  | { readonly type: 'user_phone_number' };

export type Button =
  | { readonly type: 'web_url'; readonly title: string; readonly url: string }
  | {
      readonly type: 'postback' | 'phone_number';
      readonly title: string;
      readonly payload: string;
    };

export interface CarouselCard {
  readonly title: string;
  readonly subtitle?: string | null;
  readonly imageUrl?: string | null;
  readonly defaultActionUrl?: string | null;
  readonly buttons: readonly Button[];
}

/** What an agent sends (docs/outbound.md); the server fills in what is left out. */
export type Content =
  | { readonly kind: 'text'; readonly text: string; readonly quickReplies?: readonly QuickReply[] }
  | {
      readonly kind: 'attachment';
      readonly attachment: {
        readonly type: 'image' | 'video' | 'audio' | 'file';
        readonly url: string;
      };
      readonly quickReplies?: readonly QuickReply[];
    }
  | {
      readonly kind: 'buttons';
      readonly text: string;
      readonly buttons: readonly Button[];
      readonly quickReplies?: readonly QuickReply[];
    }
  | {
      readonly kind: 'carousel';
      readonly elements: readonly CarouselCard[];
      readonly quickReplies?: readonly QuickReply[];
    };

interface Positioned {
  readonly conversationId: string;
  readonly position: number;
}

export interface MessagePush extends Positioned {
  readonly author: 'customer' | 'agent' | 'automatic' | 'page';
  readonly kind?: 'postback';
  readonly messageId: string;
  readonly clientMessageId?: string;
  readonly agentId?: string;
  readonly text?: string | null;
  readonly payload?: string | null;
  readonly attachments?: readonly CustomerAttachment[];
  readonly quickReplyPayload?: string | null;
  readonly content?: Content;
  readonly at: number;
}

export interface DeliveryPush extends Positioned {
  readonly status: 'sent' | 'delivered' | 'read' | 'failed';
  readonly messageId?: string;
  readonly mid?: string;
  readonly at?: number;
  readonly reason?: string;
  readonly permanent?: boolean;
  readonly watermark?: number;
  readonly mids?: readonly string[] | null;
}

export interface CustomerPush extends Positioned {
  readonly customer?: { readonly kind: string; readonly id: string; readonly guest: boolean };
  readonly name?: string | null;
  readonly pictureUrl?: string | null;
}

export type EndReason =
  | 'agent_closed'
  | 'expired'
  | 'customer_ended'
  | 'recipient_unavailable'
  | 'transferred'
  | 'requeued';

export interface EndedPush extends Positioned {
  readonly reason: EndReason;
  readonly at: number;
}

export type ChatPush =
  | { readonly name: 'chat:message'; readonly payload: MessagePush }
  | { readonly name: 'chat:delivery'; readonly payload: DeliveryPush }
  | { readonly name: 'chat:customer_updated'; readonly payload: CustomerPush }
  | { readonly name: 'chat:ended'; readonly payload: EndedPush };

export interface SyncResult {
  readonly position: number;
  readonly status: 'ready' | 'not_ready';
  readonly chats: readonly (ChatDescription & { readonly events: readonly ChatPush[] })[];
  readonly offers: readonly ChatDescription[];
}

export type Ack<T = Record<string, unknown>> =
  | ({ readonly ok: true } & T)
  | { readonly ok: false; readonly error: { readonly code: string; readonly message: string } };
