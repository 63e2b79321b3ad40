/** A piece of message text: plain, or a link the agent may open. */
export type TextPart = { readonly text: string; readonly href: string | null };

// Ends before whitespace, and a trailing full stop or bracket belongs to the sentence, not the link.
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'}]/gi;

/**
 * Only http(s) may become a link: a customer's `javascript:` or `data:` text stays text, so a
 * message can never run code in the agent's tab.
 */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** Splits text into plain runs and http(s) links, in order; joined, the parts give the text back. */
export function linkParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const href = safeHref(match[0]);
    if (href === null) continue;
    if (match.index > last) parts.push({ text: text.slice(last, match.index), href: null });
    parts.push({ text: match[0], href });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), href: null });
  return parts;
}
