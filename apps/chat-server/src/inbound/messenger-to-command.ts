import type { Channel, ConversationCommand, Referral } from '@pagedesk/conversation';
import type { MessengerEvent } from '@pagedesk/messenger';

/** What one webhook update asks of a conversation. */
export interface InboundIntent {
  readonly command: ConversationCommand;
  /** A customer reaching out opens a conversation when none is open; receipts, echoes and endings never do. */
  readonly opens: boolean;
  readonly channel: Channel;
  readonly referral: Referral | null;
}

const CHAT_PLUGIN = 'CUSTOMER_CHAT_PLUGIN';

/** Pure translation; `null` means "nothing for a conversation" (opt-ins, unknown kinds stay in the inbox only). */
export function toIntent(event: MessengerEvent, now: string): InboundIntent | null {
  const metadata = { now };
  const intent = (
    command: ConversationCommand,
    opens: boolean,
    referral: Referral | null = null,
  ): InboundIntent => ({
    command,
    opens,
    referral,
    channel: channelOf(event, referral),
  });
  switch (event.kind) {
    case 'message':
      return intent(
        {
          type: 'RecordCustomerMessage',
          data: {
            mid: event.mid,
            text: event.text,
            attachments: event.attachments,
            quickReplyPayload: event.quickReplyPayload,
            replyToMid: event.replyToMid,
            sentAt: event.timestamp,
          },
          metadata,
        },
        true,
        event.referral,
      );
    case 'postback':
      return intent(
        {
          type: 'RecordPostback',
          data: {
            mid: event.mid,
            title: event.title,
            payload: event.payload,
            referral: event.referral,
            standby: event.standby,
            sentAt: event.timestamp,
          },
          metadata,
        },
        true,
        event.referral,
      );
    case 'referral':
      return referralIntent(event, metadata, intent);
    case 'echo':
      return intent(
        {
          type: 'RecordEcho',
          data: {
            mid: event.mid,
            appId: event.appId,
            text: event.text,
            attachments: event.attachments,
            metadata: event.metadata,
            sentAt: event.timestamp,
          },
          metadata,
        },
        false,
      );
    case 'delivery':
      return intent(
        {
          type: 'RecordDelivery',
          data: { watermark: event.watermark, mids: event.mids },
          metadata,
        },
        false,
      );
    case 'read':
      return intent({ type: 'RecordRead', data: { watermark: event.watermark }, metadata }, false);
    case 'edit':
      return intent(
        {
          type: 'RecordEdit',
          data: {
            mid: event.mid,
            newText: event.text,
            editCount: event.editCount,
            editedAt: event.timestamp,
          },
          metadata,
        },
        false,
      );
    case 'reaction':
      return intent(
        {
          type: 'RecordReaction',
          data: {
            mid: event.mid,
            action: event.action,
            reaction: event.reaction,
            emoji: event.emoji,
            reactedAt: event.timestamp,
          },
          metadata,
        },
        false,
      );
    case 'optin':
    case 'unknown':
      return null;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

function referralIntent(
  event: Extract<MessengerEvent, { kind: 'referral' }>,
  metadata: { now: string },
  intent: (
    command: ConversationCommand,
    opens: boolean,
    referral?: Referral | null,
  ) => InboundIntent,
): InboundIntent {
  const { referral } = event;
  switch (referral.type) {
    case 'END_CHAT':
      return intent(
        { type: 'EndChatByCustomer', data: { endedAt: event.timestamp }, metadata },
        false,
      );
    case 'GUEST_UPGRADE':
      return intent(
        {
          type: 'UpgradeGuest',
          data: {
            guestId: event.customer.id,
            psid: referral.ref ?? '',
            upgradedAt: event.timestamp,
          },
          metadata,
        },
        false,
      );
    default:
      return intent(
        { type: 'RecordReferral', data: { referral, sentAt: event.timestamp }, metadata },
        true,
        referral,
      );
  }
}

function channelOf(event: MessengerEvent, referral: Referral | null): Channel {
  if (event.kind === 'unknown') return 'messenger';
  const viaPlugin =
    event.customer.kind !== 'psid' ||
    (event.kind === 'message' && event.fromChatPlugin) ||
    referral?.source === CHAT_PLUGIN;
  return viaPlugin ? 'chat_plugin' : 'messenger';
}
