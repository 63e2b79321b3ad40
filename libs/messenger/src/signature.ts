import { createHmac, timingSafeEqual } from 'node:crypto';

const HEADER = /^sha256=([0-9a-f]{64})$/i;

/**
 * Checks `X-Hub-Signature-256` against the raw request bytes and answers which
 * of the secrets made it (undefined: none). It must be the bytes as received:
 * Facebook signs its own escaping (`\u00e4`, `\/`), which re-serialised JSON
 * does not reproduce. Several secrets are tried because one webhook URL may
 * serve several apps; the caller then checks that the signing app owns the
 * pages the delivery names.
 */
export function signingSecret(
  rawBody: Buffer,
  header: string | undefined,
  appSecrets: Iterable<string>,
): string | undefined {
  const match = header === undefined ? null : HEADER.exec(header.trim());
  if (match === null) return undefined;
  const expected = Buffer.from(match[1], 'hex');
  for (const secret of new Set(appSecrets)) {
    // An empty secret is a configuration mistake that would make signatures forgeable.
    if (secret === '') continue;
    const actual = createHmac('sha256', secret).update(rawBody).digest();
    if (actual.length === expected.length && timingSafeEqual(actual, expected)) return secret;
  }
  return undefined;
}
