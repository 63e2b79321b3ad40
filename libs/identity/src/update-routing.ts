import type { ConversationCommand } from '@pagedesk/conversation';
import { midKey, type UpgradeLink } from './customer-routes';

/**
 * The name an update is routed under for good: its mid when it has one (so a
 * message Facebook sends twice is one message), else the delivery and the
 * update's index in it (the command's cause).
 */
export function updateKey(command: ConversationCommand, causationId: string): string {
  const mid =
    command.type === 'RecordCustomerMessage' || command.type === 'RecordPostback'
      ? command.data.mid
      : null;
  return mid === null ? `update:${causationId}` : midKey(mid);
}

/** Watermarks: see RouteUpdate's `receipt`. */
export const isReceipt = (command: ConversationCommand): boolean =>
  command.type === 'RecordDelivery' || command.type === 'RecordRead';

/**
 * The identity links an applied update makes (LinkUpgradedGuest, once the
 * inbound side has read what the PSID leaves): GUEST_UPGRADE names the
 * guest's PSID, which from then on writes into the guest's conversation.
 */
export function linksAfterApplied(
  pageId: string,
  command: ConversationCommand,
  conversationId: string,
): UpgradeLink[] {
  if (command.type !== 'UpgradeGuest' || !command.data.psid) return [];
  const { guestId, psid } = command.data;
  const customer = { kind: 'psid', id: psid } as const;
  return [{ pageId, customer, guestId, conversationId }];
}
