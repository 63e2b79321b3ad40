/**
 * Who the customer is, as Facebook names them on one Page. A conversation keeps
 * the identity it was started with plus every identity it was upgraded from, so
 * routing can match later events that carry either.
 */
export type CustomerIdentityKind = 'psid' | 'user_ref' | 'guest';

export type CustomerIdentity = {
  readonly kind: CustomerIdentityKind;
  readonly id: string;
};

export type Channel = 'messenger' | 'chat_plugin';

export const sameIdentity = (a: CustomerIdentity, b: CustomerIdentity): boolean =>
  a.kind === b.kind && a.id === b.id;
