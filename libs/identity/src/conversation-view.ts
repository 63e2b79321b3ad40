import {
  conversationDecider,
  type ConversationCommand,
  type ConversationState,
} from '@pagedesk/conversation';
import type { ConversationView, HeldMids } from './customer-routes';

/**
 * What a conversation says about one update, for RouteUpdate: the
 * conversation's own decider tells whether it already holds the update (it
 * decides nothing for a known mid, postback or referral) and whether it would
 * refuse it as ended, so routing asks it instead of searching transcripts.
 */
export function conversationView(
  conversationId: string,
  state: ConversationState,
  command: ConversationCommand,
): ConversationView {
  if (state.status === 'empty') return { conversationId, status: 'absent' };
  try {
    const decided = conversationDecider.decide(command, state);
    // An ended conversation that still takes the update (a CSAT answer, a receipt) is where it goes.
    return { conversationId, status: decided.length === 0 ? 'holds' : 'live' };
  } catch {
    // A refusal (ended, or not this customer's): the conversation judges it again when it is applied.
    if (state.status === 'ended') return { status: 'ended', ...heldMids(conversationId, state) };
    return { conversationId, status: 'live' };
  }
}

/** The mids a conversation holds, for the identity that leaves it (CustomerConversationLeft). */
export function heldMids(conversationId: string, state: ConversationState): HeldMids {
  return { conversationId, mids: state.status === 'empty' ? [] : [...state.knownMids] };
}
