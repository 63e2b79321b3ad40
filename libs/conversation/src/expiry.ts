import type { ExpiryRule } from './events';
import type { ConversationState } from './state';
import { DAY_MS, HOUR_MS } from './time';

export type ExpiryDeadline = { readonly rule: ExpiryRule; readonly at: number };

export type ExpiryPolicy = {
  /** The Page may use the HUMAN_AGENT tag, which stretches Messenger's reply window to 7 days. */
  readonly humanAgentTagAllowed: boolean;
};

/**
 * When a live conversation stops being answerable, derived from state alone so
 * a scheduler can rebuild every deadline by replaying events. Guest accounts
 * die 24 h after the chat started however active it is; everyone else gets
 * Messenger's window from their latest message. Null when nothing can expire.
 */
export function expiryDeadline(
  state: ConversationState,
  policy: ExpiryPolicy,
): ExpiryDeadline | null {
  if (state.status === 'empty' || state.status === 'ended') return null;
  if (state.customer.kind === 'guest') {
    return { rule: 'guest_24h_after_start', at: state.startedAt + 24 * HOUR_MS };
  }
  return policy.humanAgentTagAllowed
    ? { rule: '7d_human_agent', at: state.lastCustomerMessageAt + 7 * DAY_MS }
    : { rule: '24h_after_last_customer_message', at: state.lastCustomerMessageAt + 24 * HOUR_MS };
}
