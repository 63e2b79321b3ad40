/** Tenant and queue ids are slugs chosen by people; user ids are uuids. */
export const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const SLUG_MESSAGE = 'must be a lowercase slug (a-z, 0-9, -; at most 63 characters)';

export const tenantStream = (tenantId: string) => `tenant-${tenantId}`;
export const userStream = (userId: string) => `user-${userId}`;
/** Queue ids are unique within a tenant only, so the stream names both ('.' never appears in a slug). */
export const queueStream = (tenantId: string, queueId: string) => `queue-${tenantId}.${queueId}`;
/** A sign-in session: its refresh-token family (docs/auth.md). */
export const sessionStream = (sessionId: string) => `session-${sessionId}`;
export const pageStream = (pageId: string) => `page-${pageId}`;
/** A stream whose first event claims an e-mail address, so two users can never share one. */
export const emailClaimStream = (emailDigest: string) => `useremail-${emailDigest}`;

export const normaliseEmail = (email: string) => email.trim().toLowerCase();
