import type { CustomerIdentity } from '@pagedesk/conversation';
import { asObject, asString } from './json-access';

/** The User Profile API fields Pagedesk asks for (`fields=first_name,last_name,profile_pic`). */
export type GraphProfile = {
  readonly id: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly pictureUrl: string | null;
};

/** Undefined for anything that is not a profile (an error body, say): the name stays unknown. */
export function parseGraphProfile(json: unknown): GraphProfile | undefined {
  const raw = asObject(json);
  if (raw === undefined || raw.error !== undefined) return undefined;
  const profile: GraphProfile = {
    id: asString(raw.id) ?? null,
    firstName: nonBlank(raw.first_name),
    lastName: nonBlank(raw.last_name),
    pictureUrl: nonBlank(raw.profile_pic),
  };
  return (profile.firstName ?? profile.lastName) ? profile : undefined;
}

/**
 * What an agent sees as the customer's name. Without a profile a guest looks
 * the way Facebook itself shows guests ("Guest" and a short number); others
 * get a stable label from their id so two unknown customers stay apart.
 */
export function toDisplayName(
  profile: GraphProfile | undefined,
  identity: CustomerIdentity,
): string {
  const name = [profile?.firstName, profile?.lastName].filter(Boolean).join(' ');
  if (name !== '') return name;
  const suffix = identity.id.slice(-4);
  return identity.kind === 'guest' ? `Guest ${suffix}` : `Customer ${suffix}`;
}

const nonBlank = (value: unknown): string | null => {
  const text = asString(value)?.trim();
  return text ? text : null;
};
