import type { MessengerEvent, ParsedDelivery } from '@pagedesk/messenger';

const CHAT_PLUGIN = 'CUSTOMER_CHAT_PLUGIN';

/**
 * Deliveries in one lane are processed in arrival order, lanes side by side.
 * A customer is a lane. Every update that can touch a Chat Plugin visitor's
 * identity (a guest's referral or message, OPEN_THREAD, GUEST_UPGRADE,
 * END_CHAT, a user_ref, a plugin-tagged message of a PSID) shares one lane
 * per page: the guest's OPEN_THREAD must open the conversation before the
 * guest's first message looks for it, an upgrade must alias the PSID before
 * the PSID's first message, and a PSID's first plugin message may continue
 * a user_ref's conversation. One identity graph is thus handled in order.
 */
export function inboundLane(delivery: ParsedDelivery): string {
  const updates = delivery.events.filter(
    (e): e is Exclude<MessengerEvent, { kind: 'unknown' }> => e.kind !== 'unknown',
  );
  const plugin = updates.find(touchesChatPluginIdentity);
  if (plugin) return `${plugin.pageId}:chat_plugin`;
  const first = updates[0];
  return first ? `${first.pageId}:${first.customer.id}` : '';
}

function touchesChatPluginIdentity(event: Exclude<MessengerEvent, { kind: 'unknown' }>): boolean {
  if (event.customer.kind !== 'psid') return true;
  switch (event.kind) {
    case 'message':
      return event.fromChatPlugin || event.referral?.source === CHAT_PLUGIN;
    case 'postback':
    case 'referral':
      return event.referral?.source === CHAT_PLUGIN;
    default:
      return false;
  }
}
