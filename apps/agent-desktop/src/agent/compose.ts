import type { Button, CarouselCard, Content, QuickReply } from '@pagedesk/contracts';

/**
 * The composer's small text syntax, so rich messages are typed rather than
 * built with many fields:
 *   button      `Title` (postback, payload from the title), `Title = PAYLOAD`,
 *               `Title -> https://…` (link) or `Title -> +15551234567` (call)
 *   card        `Title | subtitle | image URL | button; button`, one per line
 *   quick reply `Yes, No, Email` (comma-separated; Email/Phone ask for contact details),
 *               `Title = PAYLOAD` to keep a payload other than the title's
 */
export type ComposeKind = 'text' | 'buttons' | 'carousel' | 'attachment';

export interface Draft {
  readonly kind: ComposeKind;
  readonly text: string;
  readonly buttons: string;
  readonly cards: string;
  readonly quickReplies: string;
  readonly attachmentType: 'image' | 'video' | 'audio' | 'file';
  readonly attachmentUrl: string;
}

export const emptyDraft: Draft = {
  kind: 'text',
  text: '',
  buttons: '',
  cards: '',
  quickReplies: '',
  attachmentType: 'image',
  attachmentUrl: '',
};

const payloadOf = (title: string) =>
  title
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_|_$/g, '') || 'BUTTON';

export function parseButton(source: string): Button {
  const [left, target] = source.split('->').map((s) => s.trim());
  if (target !== undefined)
    return target.startsWith('+')
      ? { type: 'phone_number', title: left, payload: target }
      : { type: 'web_url', title: left, url: target };
  const [title, payload] = source.split('=').map((s) => s.trim());
  return { type: 'postback', title, payload: payload || payloadOf(title) };
}

const nonEmpty = (parts: string[]) => parts.map((s) => s.trim()).filter((s) => s.length > 0);

export function parseQuickReplies(source: string): QuickReply[] {
  return nonEmpty(source.split(',')).map((title) => {
    if (/^e-?mail$/i.test(title)) return { type: 'user_email' };
    if (/^phone$/i.test(title)) return { type: 'user_phone_number' };
    const [shown, payload] = title.split('=').map((s) => s.trim());
    return { type: 'text', title: shown, payload: payload || payloadOf(shown) };
  });
}

export function parseCards(source: string): CarouselCard[] {
  return nonEmpty(source.split('\n')).map((line) => {
    const [title, subtitle, imageUrl, buttons] = line.split('|').map((s) => s.trim());
    return {
      title,
      subtitle: subtitle || null,
      imageUrl: imageUrl || null,
      buttons: nonEmpty((buttons ?? '').split(';')).map(parseButton),
    };
  });
}

/** The Send content for a draft, or undefined while there is nothing to send. */
export function contentOf(draft: Draft): Content | undefined {
  const quickReplies = parseQuickReplies(draft.quickReplies);
  const text = draft.text.trim();
  switch (draft.kind) {
    case 'text':
      return text ? { kind: 'text', text, quickReplies } : undefined;
    case 'buttons': {
      const buttons = nonEmpty(draft.buttons.split('\n')).map(parseButton);
      return text && buttons.length ? { kind: 'buttons', text, buttons, quickReplies } : undefined;
    }
    case 'carousel': {
      const elements = parseCards(draft.cards);
      return elements.length ? { kind: 'carousel', elements, quickReplies } : undefined;
    }
    case 'attachment':
      return draft.attachmentUrl.trim()
        ? {
            kind: 'attachment',
            attachment: { type: draft.attachmentType, url: draft.attachmentUrl.trim() },
            quickReplies,
          }
        : undefined;
  }
}

/** A payload the syntax derives from the title is left out, so the draft reads as typed. */
const withPayload = (title: string, payload: string) =>
  payload === payloadOf(title) ? title : `${title} = ${payload}`;

function buttonSource(button: Button): string {
  if (button.type === 'web_url') return `${button.title} -> ${button.url}`;
  if (button.type === 'phone_number') return `${button.title} -> ${button.payload}`;
  return withPayload(button.title, button.payload);
}

function quickReplySource(reply: QuickReply): string {
  if (reply.type === 'user_email') return 'Email';
  if (reply.type === 'user_phone_number') return 'Phone';
  return withPayload(reply.title, reply.payload);
}

/** The draft that sends this content: how a canned response fills the composer, still editable. */
export function draftOf(content: Content): Draft {
  const quickReplies = (content.quickReplies ?? []).map(quickReplySource).join(', ');
  switch (content.kind) {
    case 'text':
      return { ...emptyDraft, kind: 'text', text: content.text, quickReplies };
    case 'buttons': {
      const buttons = content.buttons.map(buttonSource).join('\n');
      return { ...emptyDraft, kind: 'buttons', text: content.text, buttons, quickReplies };
    }
    case 'carousel': {
      const cards = content.elements
        .map((e) =>
          [
            e.title,
            e.subtitle ?? '',
            e.imageUrl ?? '',
            e.buttons.map(buttonSource).join('; '),
          ].join(' | '),
        )
        .join('\n');
      return { ...emptyDraft, kind: 'carousel', cards, quickReplies };
    }
    case 'attachment':
      return {
        ...emptyDraft,
        kind: 'attachment',
        attachmentType: content.attachment.type,
        attachmentUrl: content.attachment.url,
        quickReplies,
      };
    // A file the agent uploaded is sent by the upload endpoint, not typed: no canned response holds one.
    case 'upload':
      return { ...emptyDraft, quickReplies };
  }
}
