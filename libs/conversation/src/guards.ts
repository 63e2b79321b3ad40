import { ConversationError } from './errors';
import type { ConversationState, StartedConversation } from './state';

export type LiveConversation = Exclude<StartedConversation, { status: 'ended' }>;

export function requireStarted(state: ConversationState): StartedConversation {
  if (state.status === 'empty') {
    throw new ConversationError('conversation_not_found', 'the conversation has not started');
  }
  return state;
}

/**
 * For Facebook input, `already_ended` tells the caller to start a new
 * conversation; for agents it is a plain conflict. Same reason, same code.
 */
export function requireLive(state: ConversationState): LiveConversation {
  const started = requireStarted(state);
  if (started.status === 'ended') {
    throw new ConversationError('already_ended', 'the conversation has ended', {
      conversationId: started.conversationId,
      endReason: started.end.reason,
    });
  }
  return started;
}
