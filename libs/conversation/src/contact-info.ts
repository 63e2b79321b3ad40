export type ContactKind = 'email' | 'phone';
export type ContactInfo = { readonly kind: ContactKind; readonly value: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{6,14}$/;

/** Null when the value is not a plausible address or number, so nothing bogus is stored. */
export function normaliseContact(kind: ContactKind, value: string): string | null {
  if (kind === 'email') {
    const email = value.trim().toLowerCase();
    return EMAIL.test(email) ? email : null;
  }
  const phone = value.replace(/[\s().-]/g, '');
  return E164.test(phone) ? phone : null;
}

/**
 * Messenger's `user_email` / `user_phone_number` quick replies put the address or
 * the E.164 number itself in the payload. Pagedesk's own quick-reply payloads
 * must therefore never contain `@` or start with `+`: that convention is what
 * lets a payload be read as shared contact info without remembering what was asked.
 */
export function contactFromQuickReply(payload: string | null): ContactInfo | null {
  if (payload === null) return null;
  if (payload.includes('@')) {
    const value = normaliseContact('email', payload);
    return value === null ? null : { kind: 'email', value };
  }
  if (payload.startsWith('+')) {
    const value = normaliseContact('phone', payload);
    return value === null ? null : { kind: 'phone', value };
  }
  return null;
}
