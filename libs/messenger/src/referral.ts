import type { Referral } from '@pagedesk/conversation';
import { asId, asObject, asString } from './json-access';

export function parseReferral(value: unknown): Referral | null {
  const raw = asObject(value);
  const type = asString(raw?.type);
  if (raw === undefined || type === undefined) return null;
  return {
    type,
    ref: asString(raw.ref) ?? null,
    source: asString(raw.source) ?? null,
    refererUri: asString(raw.referer_uri) ?? null,
    adId: asId(raw.ad_id) ?? null,
  };
}

/**
 * Facebook sends `is_guest_user` as `"true"` as often as `true`. END_CHAT and
 * GUEST_UPGRADE only ever come from guests, with or without the flag.
 */
export function isGuestReferral(value: unknown): boolean {
  const raw = asObject(value);
  if (raw === undefined) return false;
  if (raw.is_guest_user === true || raw.is_guest_user === 'true') return true;
  return raw.type === 'END_CHAT' || raw.type === 'GUEST_UPGRADE';
}
