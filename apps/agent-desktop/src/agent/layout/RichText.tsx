import { linkParts, safeHref } from './safe-links';

/** Opens in a new tab that cannot reach back into the desk (`noopener`) nor learn where it came from. */
export function SafeLink({ href, children }: { href: string | null; children: string }) {
  const safe = safeHref(href);
  if (safe === null) return <span>{children}</span>;
  return (
    <a href={safe} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

/** Message text with its http(s) addresses clickable; anything else stays plain text. */
export function RichText({ text }: { text: string }) {
  return (
    <p className="rich-text">
      {linkParts(text).map((part, i) =>
        part.href === null ? (
          part.text
        ) : (
          <SafeLink key={i} href={part.href}>
            {part.text}
          </SafeLink>
        ),
      )}
    </p>
  );
}
