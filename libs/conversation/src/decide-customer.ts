import type {
  EndChatByCustomer,
  RecordCustomerMessage,
  RecordDelivery,
  RecordEcho,
  RecordEdit,
  RecordPostback,
  RecordProfile,
  RecordReaction,
  RecordRead,
  RecordReferral,
  ResolveUserRef,
  StartConversation,
  UpgradeGuest,
} from './commands';
import { contactFromQuickReply } from './contact-info';
import { answerCsatSurvey } from './decide-csat';
import { editKey, postbackKey, referralKey } from './dedupe-keys';
import { messageIdFromEchoMetadata } from './echo-metadata';
import { ConversationError } from './errors';
import type { ConversationEvent } from './events';
import { sameIdentity, type CustomerIdentity } from './identity';
import { requireLive, requireStarted } from './guards';
import type { ConversationState, StartedConversation } from './state';

/*
 * Facebook redelivers and reorders, so every handler here first asks "have I
 * recorded this already?" and answers [] before any state check: a duplicate
 * of an old message must not be mistaken for a late one that opens a new
 * conversation.
 */

const isCustomer = (state: StartedConversation, identity: CustomerIdentity): boolean =>
  sameIdentity(state.customer, identity) ||
  state.formerIdentities.some((former) => sameIdentity(former, identity));

export function startConversation(
  { data }: StartConversation,
  state: ConversationState,
): ConversationEvent[] {
  if (state.status === 'empty') {
    return [{ type: 'ConversationStarted', data: { ...data } }];
  }
  requireLive(state);
  if (state.pageId === data.pageId && isCustomer(state, data.customer)) return [];
  throw new ConversationError('already_started', 'the conversation belongs to another customer', {
    conversationId: state.conversationId,
  });
}

/** After the end, only the survey's answer is recorded here; anything else is `already_ended`. */
export function recordCustomerMessage(
  command: RecordCustomerMessage,
  state: ConversationState,
  now: number,
): ConversationEvent[] {
  const { data } = command;
  const started = requireStarted(state);
  if (started.knownMids.has(data.mid)) return [];
  const answer = started.status === 'ended' ? answerCsatSurvey(command, started, now) : null;
  if (answer !== null) return answer;
  const live = requireLive(state);
  const received: ConversationEvent = { type: 'CustomerMessageReceived', data: { ...data } };
  const contact = contactFromQuickReply(data.quickReplyPayload);
  const isNewContact =
    contact !== null &&
    !live.contacts.some((known) => known.kind === contact.kind && known.value === contact.value);
  return isNewContact
    ? [
        received,
        {
          type: 'ContactInfoShared',
          data: { kind: contact.kind, value: contact.value, mid: data.mid, sharedAt: data.sentAt },
        },
      ]
    : [received];
}

export function recordPostback(
  { data }: RecordPostback,
  state: ConversationState,
): ConversationEvent[] {
  const started = requireStarted(state);
  const seen =
    data.mid === null ? started.seenKeys.has(postbackKey(data)) : started.knownMids.has(data.mid);
  if (seen) return [];
  requireLive(state);
  return [{ type: 'PostbackReceived', data: { ...data } }];
}

export function recordReferral(
  { data }: RecordReferral,
  state: ConversationState,
): ConversationEvent[] {
  if (requireStarted(state).seenKeys.has(referralKey(data))) return [];
  requireLive(state);
  return [{ type: 'ReferralReceived', data: { ...data } }];
}

export function upgradeGuest(
  { data }: UpgradeGuest,
  state: ConversationState,
): ConversationEvent[] {
  const started = requireStarted(state);
  const guest: CustomerIdentity = { kind: 'guest', id: data.guestId };
  if (isUpgraded(started, guest, data.psid)) return [];
  const live = requireLive(state);
  if (!sameIdentity(live.customer, guest)) {
    throw new ConversationError('customer_mismatch', 'the customer is not this guest', {
      guestId: data.guestId,
    });
  }
  return [{ type: 'GuestUpgraded', data: { ...data } }];
}

export function resolveUserRef(
  { data }: ResolveUserRef,
  state: ConversationState,
): ConversationEvent[] {
  const started = requireStarted(state);
  const userRef: CustomerIdentity = { kind: 'user_ref', id: data.userRef };
  if (isUpgraded(started, userRef, data.psid)) return [];
  const live = requireLive(state);
  if (!sameIdentity(live.customer, userRef)) {
    throw new ConversationError('customer_mismatch', 'the customer is not this user_ref', {
      userRef: data.userRef,
    });
  }
  return [{ type: 'UserRefResolved', data: { ...data } }];
}

const isUpgraded = (state: StartedConversation, from: CustomerIdentity, psid: string): boolean =>
  sameIdentity(state.customer, { kind: 'psid', id: psid }) &&
  state.formerIdentities.some((former) => sameIdentity(former, from));

/** Allowed after the end: the lookup runs after the start and may finish after a quick END_CHAT. */
export function recordProfile(
  { data }: RecordProfile,
  state: ConversationState,
  now: number,
): ConversationEvent[] {
  const { profile } = requireStarted(state);
  if (data.profile === null) {
    if (profile.status !== 'unknown') return [];
    return [{ type: 'CustomerProfileUnavailable', data: { reason: data.reason, checkedAt: now } }];
  }
  const { firstName, lastName, pictureUrl } = data.profile;
  const unchanged =
    profile.status === 'fetched' &&
    profile.firstName === firstName &&
    profile.lastName === lastName &&
    profile.pictureUrl === pictureUrl;
  if (unchanged) return [];
  return [
    { type: 'CustomerProfileFetched', data: { firstName, lastName, pictureUrl, fetchedAt: now } },
  ];
}

/**
 * An echo of our own message only confirms it (it may overtake the Send API
 * response); anything else the Page sent is part of the transcript.
 */
export function recordEcho(
  { data }: RecordEcho,
  state: ConversationState,
  now: number,
): ConversationEvent[] {
  const started = requireStarted(state);
  if (started.knownMids.has(data.mid)) return [];
  const messageId = messageIdFromEchoMetadata(data.metadata);
  const ours = messageId === null ? undefined : started.outbound.get(messageId);
  if (ours !== undefined) {
    if (ours.mid !== null) return [];
    return [
      {
        type: 'AgentMessageSent',
        data: { messageId: ours.messageId, mid: data.mid, sentAt: data.sentAt, confirmedAt: now },
      },
    ];
  }
  requireLive(state);
  return [{ type: 'PageMessageEchoed', data: { ...data } }];
}

/** Edits and reactions amend messages already here, so they are kept even after the end. */
export function recordEdit({ data }: RecordEdit, state: ConversationState): ConversationEvent[] {
  const started = requireStarted(state);
  if (started.seenKeys.has(editKey(data))) return [];
  if (!started.knownMids.has(data.mid)) requireLive(state);
  return [{ type: 'CustomerMessageEdited', data: { ...data } }];
}

/**
 * Only a change newer than the last one for that mid counts: a duplicate has
 * the same time, and a react overtaken by its unreact must stay removed.
 */
export function recordReaction(
  { data }: RecordReaction,
  state: ConversationState,
): ConversationEvent[] {
  const started = requireStarted(state);
  const last = started.reactions.get(data.mid);
  if (last !== undefined && data.reactedAt <= last.at) return [];
  if (!started.knownMids.has(data.mid)) requireLive(state);
  if (data.action === 'unreact') {
    return [
      {
        type: 'ReactionRemoved',
        data: {
          mid: data.mid,
          reaction: last?.reaction ?? data.reaction,
          reactedAt: data.reactedAt,
        },
      },
    ];
  }
  return [
    {
      type: 'ReactionSet',
      data: {
        mid: data.mid,
        // Facebook's reaction enum ends in "other" for emoji it has no name for.
        reaction: data.reaction ?? 'other',
        emoji: data.emoji,
        reactedAt: data.reactedAt,
      },
    },
  ];
}

/** Receipts are about messages already sent in this conversation: kept after the end too. */
export function recordDelivery(
  { data }: RecordDelivery,
  state: ConversationState,
): ConversationEvent[] {
  if (data.watermark <= requireStarted(state).deliveredWatermark) return [];
  return [{ type: 'DeliveryWatermarkAdvanced', data: { ...data } }];
}

export function recordRead({ data }: RecordRead, state: ConversationState): ConversationEvent[] {
  if (data.watermark <= requireStarted(state).readWatermark) return [];
  return [{ type: 'ReadWatermarkAdvanced', data: { ...data } }];
}

/** A redelivered END_CHAT must not open a new conversation, so an ended one absorbs it. */
export function endChatByCustomer(
  { data }: EndChatByCustomer,
  state: ConversationState,
): ConversationEvent[] {
  if (requireStarted(state).status === 'ended') return [];
  return [{ type: 'ChatEndedByCustomer', data: { endedAt: data.endedAt } }];
}
