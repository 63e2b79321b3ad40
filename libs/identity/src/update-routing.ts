import type { ConversationCommand } from '@pagedesk/conversation';
import type { IdentityCommand } from './customer-routes';

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
  return mid === null ? `update:${causationId}` : `mid:${mid}`;
}

/** Watermarks: see RouteUpdate's `receipt`. */
export const isReceipt = (command: ConversationCommand): boolean =>
  command.type === 'RecordDelivery' || command.type === 'RecordRead';

/**
 * The identity links an applied update makes: GUEST_UPGRADE names the guest's
 * PSID, which from then on writes into the guest's conversation.
 */
export function linksAfterApplied(
  pageId: string,
  command: ConversationCommand,
  conversationId: string,
): IdentityCommand[] {
  if (command.type !== 'UpgradeGuest' || !command.data.psid) return [];
  const { guestId, psid } = command.data;
  const customer = { kind: 'psid', id: psid } as const;
  return [{ type: 'LinkUpgradedGuest', data: { pageId, customer, guestId, conversationId } }];
}
