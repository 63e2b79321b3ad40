import { createHash } from 'node:crypto';

/**
 * A uuid derived from a name (RFC 9562 version 8 layout over SHA-256), so
 * that re-running the same work after a crash produces the same ids and the
 * event store's idempotent append recognises it.
 */
export function deterministicUuid(name: string): string {
  const hash = createHash('sha256').update(name).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x80;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
