import { createHmac, timingSafeEqual } from 'node:crypto';

const HEADER = /^sha256=([0-9a-f]{64})$/i;

/**
 * Checks `X-Hub-Signature-256` against the raw request bytes. It must be the
 * bytes as received: Facebook signs its own escaping (`\u00e4`, `\/`), which
 * re-serialised JSON does not reproduce. Each configured app's secret is tried
 * because one webhook URL may serve several apps.
 */
export function verifySignature(
  rawBody: Buffer,
  header: string | undefined,
  appSecrets: readonly string[],
): boolean {
  const match = header === undefined ? null : HEADER.exec(header.trim());
  if (match === null) return false;
  const expected = Buffer.from(match[1], 'hex');
  // An empty secret is a configuration mistake that would make signatures forgeable.
  return appSecrets.some((secret) => {
    if (secret === '') return false;
    const actual = createHmac('sha256', secret).update(rawBody).digest();
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  });
}
