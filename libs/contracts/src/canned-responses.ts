import { Type } from '@sinclair/typebox';
import { Content } from './content';
import { Closed, Nullable, type Wire } from './schema';

/**
 * Canned responses (docs/canned-responses.md): the wire shapes and the rules both the server
 * (refusing a bad one at save time) and the agent desk (matching `/shortcut`, expanding
 * placeholders on insert) apply, so the two can never disagree.
 */
export const CannedResponse = Closed({
  cannedResponseId: Type.String(),
  shortcut: Type.String({ description: 'typed after `/` in the composer, e.g. `greet`' }),
  title: Type.String(),
  content: Content,
  queueId: Nullable(Type.String({ description: 'offered only in this queue; null: everywhere' })),
});
export type CannedResponse = Wire<typeof CannedResponse>;

export const CannedResponseList = Closed({ cannedResponses: Type.Array(CannedResponse) });
export type CannedResponseList = Wire<typeof CannedResponseList>;

export const SHORTCUT = /^[a-z0-9][a-z0-9_-]{0,31}$/;
export const SHORTCUT_MESSAGE =
  'must be 1 to 32 lowercase letters, digits, - or _ (starting with a letter or digit)';
export const MAX_CANNED_TITLE = 80;

/**
 * What a placeholder becomes when its value is not known (no name from Facebook yet): a word
 * that still reads well in a greeting ("Hi there"), never an empty gap or the raw `{{…}}`.
 */
export const PLACEHOLDER_FALLBACKS = {
  'customer.first_name': 'there',
  'customer.name': 'there',
  'agent.name': 'your agent',
  'page.name': 'our team',
} as const;
export type Placeholder = keyof typeof PLACEHOLDER_FALLBACKS;
export const PLACEHOLDERS = Object.keys(PLACEHOLDER_FALLBACKS) as Placeholder[];
export type PlaceholderValues = Readonly<Partial<Record<Placeholder, string | null>>>;

/** `{{ name }}`, spaces inside the braces allowed. */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

const isPlaceholder = (name: string): name is Placeholder =>
  Object.prototype.hasOwnProperty.call(PLACEHOLDER_FALLBACKS, name);

/** The names of the placeholders a text uses, in order, unknown ones included. */
export const placeholdersIn = (text: string): string[] =>
  [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);

/** Why a canned response's content cannot be saved, or null when it can. */
export function placeholderProblem(content: Content): string | null {
  if (content.kind !== 'text' && content.kind !== 'buttons')
    return 'content.kind: a canned response is text or buttons (quick replies ride on either)';
  const unknown = placeholdersIn(content.text).filter((name) => !isPlaceholder(name));
  if (unknown.length > 0)
    return `content.text: unknown placeholder {{${unknown[0]}}}; known: ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`;
  // Titles, payloads and links go out as written: a placeholder there would reach the customer raw.
  const rest = JSON.stringify({ ...content, text: '' });
  if (placeholdersIn(rest).length > 0)
    return 'content: placeholders are expanded in the message text only, not in buttons or quick replies';
  return null;
}

/** The text with each placeholder's value, or its fallback when the value is unknown or blank. */
export function expandPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(PLACEHOLDER, (raw, name: string) => {
    if (!isPlaceholder(name)) return raw;
    const value = values[name]?.trim();
    return value ? value : PLACEHOLDER_FALLBACKS[name];
  });
}

/** The first word of a full name: what `{{customer.first_name}}` says. */
export const firstNameOf = (name: string | null | undefined): string | null =>
  name?.trim().split(/\s+/)[0] || null;

/** A canned response's content as the agent gets it in the composer. */
export function expandCannedContent(content: Content, values: PlaceholderValues): Content {
  return content.kind === 'text' || content.kind === 'buttons'
    ? { ...content, text: expandPlaceholders(content.text, values) }
    : content;
}

/** What the agent is looking for when the composer holds `/` and a few letters, else null. */
export function shortcutQuery(draft: string): string | null {
  const match = /^\/([a-z0-9_-]*)$/i.exec(draft);
  return match ? match[1]!.toLowerCase() : null;
}

/**
 * The canned responses a query offers: shortcuts starting with it first (shortest first),
 * then those whose shortcut or title merely contain it, each group in shortcut order.
 */
export function matchCannedResponses<T extends Pick<CannedResponse, 'shortcut' | 'title'>>(
  responses: readonly T[],
  query: string,
): T[] {
  const q = query.toLowerCase();
  const starts = responses.filter((r) => r.shortcut.startsWith(q));
  const contains = responses.filter(
    (r) =>
      !r.shortcut.startsWith(q) && (r.shortcut.includes(q) || r.title.toLowerCase().includes(q)),
  );
  const byShortcut = (a: T, b: T) =>
    a.shortcut.length - b.shortcut.length || a.shortcut.localeCompare(b.shortcut);
  return [...starts.sort(byShortcut), ...contains.sort(byShortcut)];
}
