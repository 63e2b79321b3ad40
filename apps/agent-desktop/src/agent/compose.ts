import type { Button, CarouselCard, Content, QuickReply } from '@pagedesk/contracts';

/**
 * The composer's small text syntax, so rich messages are typed rather than
 * built with many fields:
 *   button      `Title` (postback, payload from the title), `Title = PAYLOAD`,
 *               `Title -> https://…` (link) or `Title -> +15551234567` (call)
 *   card        `Title | subtitle | image URL | button; button`, one per line
 *   quick reply `Yes, No, Email` (comma-separated; Email/Phone ask for contact details)
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
    return { type: 'text', title, payload: payloadOf(title) };
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
