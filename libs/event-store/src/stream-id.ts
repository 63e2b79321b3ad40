import { createHash } from 'node:crypto';

/** Characters and length every id Facebook normally sends (digits, user_refs, uuids) stays within. */
const KEPT_AS_IS = /^[A-Za-z0-9_:@+=.-]{1,100}$/;
const HASHED_PREFIX = '~';

/**
 * The one way an id from outside (a PSID, a page id, a guest id, a user_ref)
 * becomes part of a stream name: ids that look like ids are kept as they are,
 * so streams written before this existed keep their names; anything else
 * (spaces, unicode, hundreds of characters, empty) becomes `~` and its
 * SHA-256, which no kept id can look like (`~` is never kept), so two
 * different ids never share a stream.
 */
export function streamIdPart(externalId: string): string {
  if (KEPT_AS_IS.test(externalId)) return externalId;
  return `${HASHED_PREFIX}${createHash('sha256').update(externalId, 'utf8').digest('hex')}`;
}
