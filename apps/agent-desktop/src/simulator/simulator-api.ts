import { request } from '../shared/api';

/** The demo simulator's JSON API (apps/chat-server/src/demo/simulator, docs/demo.md). */
export interface ThreadEntry {
  readonly mid: string;
  readonly from: 'customer' | 'page';
  readonly at: number;
  readonly text?: string;
  readonly attachment?: { readonly type: string; readonly url: string; readonly name?: string };
  readonly template?: Template;
  readonly quickReplies?: readonly FacebookQuickReply[];
  readonly postback?: { readonly title: string; readonly payload: string };
  readonly delivered?: boolean;
  readonly read?: boolean;
  readonly editCount?: number;
  /** The customer's reaction to a page message; the page's (the agent's) to a customer message. */
  readonly customerReaction?: string;
  readonly pageReaction?: string;
}

export interface FacebookButton {
  readonly type: 'postback' | 'web_url' | 'phone_number';
  readonly title: string;
  readonly payload?: string;
  readonly url?: string;
}

/** Send API templates exactly as Pagedesk sent them. */
export type Template =
  | {
      readonly template_type: 'button';
      readonly text: string;
      readonly buttons: readonly FacebookButton[];
    }
  | {
      readonly template_type: 'generic';
      readonly elements: readonly {
        readonly title: string;
        readonly subtitle?: string;
        readonly image_url?: string;
        readonly buttons?: readonly FacebookButton[];
      }[];
    };

export type FacebookQuickReply =
  | { readonly content_type: 'text'; readonly title: string; readonly payload: string }
  | { readonly content_type: 'user_email' | 'user_phone_number' };

export interface Customer {
  readonly id: string;
  readonly kind: 'messenger' | 'guest';
  readonly firstName: string;
  readonly lastName: string;
  readonly upgradedTo?: string;
  readonly ended?: boolean;
  readonly blocked?: boolean;
  readonly typing: boolean;
  readonly thread: readonly ThreadEntry[];
}

export const ATTACHMENT_KINDS = [
  'image',
  'video',
  'audio',
  'file',
  'sticker',
  'location',
  'fallback',
] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export interface CustomerMessage {
  readonly text?: string;
  readonly quickReplyPayload?: string;
  readonly attachmentType?: AttachmentKind;
  readonly attachmentUrl?: string;
}

const base = '/simulator/api/customers';

export const simulator = {
  list: () => request<Customer[]>(base),
  create: (kind: Customer['kind']) => request<Customer>(base, { body: { kind } }),
  say: (id: string, message: CustomerMessage) =>
    request<Customer>(`${base}/${id}/messages`, { body: message }),
  tap: (id: string, title: string, payload: string) =>
    request<Customer>(`${base}/${id}/postbacks`, { body: { title, payload } }),
  read: (id: string) => request<Customer>(`${base}/${id}/read`, { body: {} }),
  upgrade: (id: string) => request<Customer>(`${base}/${id}/upgrade`, { body: {} }),
  end: (id: string) => request<Customer>(`${base}/${id}/end`, { body: {} }),
  edit: (id: string, mid: string, text: string) =>
    request<Customer>(`${base}/${id}/edits`, { body: { mid, text } }),
  react: (id: string, mid: string, reaction: string | null) =>
    request<Customer>(`${base}/${id}/reactions`, { body: { mid, reaction } }),
  block: (id: string) => request<Customer>(`${base}/${id}/block`, { body: {} }),
};

/** What Messenger calls the person: guests have no Facebook name until they log in. */
export const displayName = (c: Customer) =>
  c.kind === 'guest' && !c.upgradedTo
    ? `Website guest ${c.id.slice(-4)}`
    : `${c.firstName} ${c.lastName}`;
