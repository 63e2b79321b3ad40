import type { CustomerIdentity } from '@pagedesk/conversation';
import { parseAttachments } from './attachments';
import type { MessengerEvent, UnknownEvent } from './events';
import { asId, asNumber, asObject, asString, type RawObject } from './json-access';
import { isGuestReferral, parseReferral } from './referral';
import { toEpochMs } from './timestamp';

export type EntryContext = {
  readonly pageId: string;
  readonly time: number | undefined;
  readonly standby: boolean;
};

/** Never throws: one odd update must not cost the rest of the batch. */
export function parseMessagingEvent(value: unknown, entry: EntryContext): MessengerEvent {
  const raw = asObject(value);
  const unknown = (reason: string, timestamp: number | null = null): UnknownEvent => ({
    kind: 'unknown',
    pageId: entry.pageId,
    timestamp,
    standby: entry.standby,
    reason,
    raw: value,
  });
  if (raw === undefined) return unknown('event is not an object');

  const timestamp = toEpochMs(raw.timestamp) ?? entry.time;
  if (timestamp === undefined) return unknown('event has no timestamp');
  const message = asObject(raw.message);
  const isEcho = message?.is_echo === true;
  // An echo goes from the Page to the customer, so the roles in sender/recipient swap.
  const sender = asObject(raw.sender);
  const recipient = asObject(raw.recipient);
  const customer = identityOf(isEcho ? recipient : sender, isGuestReferral(raw.referral));
  if (customer === undefined) return unknown('event names no customer', timestamp);
  // Written out in each event, not spread from one object: on Node 20 (V8 11) a literal with
  // properties after a spread costs a runtime call per property, ~5 µs for a message, in both
  // threads (the acknowledgement parses every delivery, the processing worker again).
  const pageId = (isEcho ? asId(sender?.id) : undefined) ?? entry.pageId;
  const { standby } = entry;

  if (message !== undefined) {
    const mid = asString(message.mid);
    if (mid === undefined) return unknown('message has no mid', timestamp);
    const text = asString(message.text) ?? null;
    const attachments = parseAttachments(message.attachments);
    if (isEcho) {
      const appId = asId(message.app_id) ?? null;
      const metadata = asString(message.metadata) ?? null;
      return {
        pageId,
        customer,
        timestamp,
        standby,
        kind: 'echo',
        mid,
        appId,
        metadata,
        text,
        attachments,
      };
    }
    return {
      pageId,
      customer,
      timestamp,
      standby,
      kind: 'message',
      mid,
      text,
      attachments,
      quickReplyPayload: asString(asObject(message.quick_reply)?.payload) ?? null,
      replyToMid: asString(asObject(message.reply_to)?.mid) ?? null,
      fromChatPlugin: asObject(message.tags)?.source === 'customer_chat_plugin',
      referral: parseReferral(message.referral),
    };
  }

  const delivery = asObject(raw.delivery);
  if (delivery !== undefined) {
    const watermark = toEpochMs(delivery.watermark);
    if (watermark === undefined) return unknown('delivery has no watermark', timestamp);
    const mids = Array.isArray(delivery.mids)
      ? delivery.mids.filter((mid): mid is string => typeof mid === 'string')
      : null;
    return { pageId, customer, timestamp, standby, kind: 'delivery', watermark, mids };
  }

  const read = asObject(raw.read);
  if (read !== undefined) {
    const watermark = toEpochMs(read.watermark);
    if (watermark === undefined) return unknown('read has no watermark', timestamp);
    return { pageId, customer, timestamp, standby, kind: 'read', watermark };
  }

  const postback = asObject(raw.postback);
  if (postback !== undefined) {
    return {
      pageId,
      customer,
      timestamp,
      standby,
      kind: 'postback',
      mid: asString(postback.mid) ?? null,
      title: asString(postback.title) ?? '',
      payload: asString(postback.payload) ?? null,
      referral: parseReferral(postback.referral),
    };
  }

  if (raw.referral !== undefined) {
    const referral = parseReferral(raw.referral);
    if (referral === null) return unknown('referral has no type', timestamp);
    return {
      pageId,
      customer,
      timestamp,
      standby,
      kind: 'referral',
      referral,
      isGuestUser: customer.kind === 'guest',
    };
  }

  const edit = asObject(raw.message_edit);
  if (edit !== undefined) {
    const mid = asString(edit.mid);
    const text = asString(edit.text);
    if (mid === undefined || text === undefined)
      return unknown('edit lacks mid or text', timestamp);
    return {
      pageId,
      customer,
      timestamp,
      standby,
      kind: 'edit',
      mid,
      text,
      editCount: asNumber(edit.num_edit) ?? 1,
    };
  }

  const reaction = asObject(raw.reaction);
  if (reaction !== undefined) {
    const mid = asString(reaction.mid);
    const action = reaction.action;
    if (mid === undefined || (action !== 'react' && action !== 'unreact')) {
      return unknown('reaction lacks mid or action', timestamp);
    }
    return {
      pageId,
      customer,
      timestamp,
      standby,
      kind: 'reaction',
      action,
      mid,
      reaction: asString(reaction.reaction) ?? null,
      emoji: asString(reaction.emoji) ?? null,
    };
  }

  const optin = asObject(raw.optin);
  if (optin !== undefined) {
    return {
      pageId,
      customer,
      timestamp,
      standby,
      kind: 'optin',
      optinType: asString(optin.type) ?? null,
      payload: asString(optin.payload) ?? null,
      notificationToken: asString(optin.notification_messages_token) ?? null,
      tokenExpiresAt: toEpochMs(optin.token_expiry_timestamp) ?? null,
    };
  }

  return unknown('unsupported event kind', timestamp);
}

/** A Chat Plugin visitor who has not replied yet is known only by `user_ref`. */
function identityOf(party: RawObject | undefined, isGuest: boolean): CustomerIdentity | undefined {
  const userRef = asString(party?.user_ref);
  if (userRef !== undefined) return { kind: 'user_ref', id: userRef };
  const id = asId(party?.id);
  if (id === undefined) return undefined;
  return { kind: isGuest ? 'guest' : 'psid', id };
}
