import type { MessagingPolicy } from './content';
import { ConversationError } from './errors';
import type { ConversationData } from './state';
import { DAY_MS, HOUR_MS } from './time';

export type WindowRequest = {
  /**
   * Automatic messages are never a human agent's reply, so they never get the tag. An agent's
   * reaction goes out as a sender action, which carries no messaging type, so it cannot be
   * tagged either: it needs the plain 24-hour window.
   */
  readonly author: 'agent' | 'automatic' | 'agent_reaction';
  readonly humanAgentTagAllowed: boolean;
};

const UNTAGGED_BECAUSE: Readonly<Record<WindowRequest['author'], string>> = {
  agent: ' and this page may not use the HUMAN_AGENT tag',
  automatic: ' (automatic messages are never tagged)',
  agent_reaction: ' (a reaction is a sender action, which cannot carry the HUMAN_AGENT tag)',
};

/** Messenger's 24-hour window: a plain (untagged) message may go out. */
export const insideReplyWindow = (
  conversation: Pick<ConversationData, 'lastCustomerMessageAt'>,
  now: number,
): boolean => now - conversation.lastCustomerMessageAt < 24 * HOUR_MS;

/**
 * Messenger's rule for a page writing to a person: a plain reply within 24 h
 * of the person's latest message; a human agent's reply tagged HUMAN_AGENT
 * within 7 days if the page was approved for it; nothing after that (sends and
 * agents' reactions alike, so the desk never hears a different rule). Judged
 * before anything is recorded so an agent learns at once, not from Facebook.
 */
export function messagingPolicyFor(
  conversation: Pick<ConversationData, 'lastCustomerMessageAt'>,
  now: number,
  request: WindowRequest,
): MessagingPolicy {
  const since = now - conversation.lastCustomerMessageAt;
  if (insideReplyWindow(conversation, now)) return { messagingType: 'RESPONSE' };
  const tagged = request.author === 'agent' && request.humanAgentTagAllowed;
  if (tagged && since < 7 * DAY_MS) return { messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
  throw new ConversationError(
    'outside_messaging_window',
    tagged
      ? "Messenger's 7-day human agent rule: the customer's last message is more than 7 days old"
      : "Messenger's 24-hour rule: the customer's last message is more than 24 hours old" +
          UNTAGGED_BECAUSE[request.author],
    {
      rule: tagged ? '7d_human_agent' : '24h_after_last_customer_message',
      lastCustomerMessageAt: new Date(conversation.lastCustomerMessageAt).toISOString(),
    },
  );
}
