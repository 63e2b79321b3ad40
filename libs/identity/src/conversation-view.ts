import {
  conversationDecider,
  type ConversationCommand,
  type ConversationState,
} from '@pagedesk/conversation';
import type { ConversationView } from './customer-routes';

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
    return { conversationId, status: state.status === 'ended' ? 'ended' : 'live' };
  }
}
