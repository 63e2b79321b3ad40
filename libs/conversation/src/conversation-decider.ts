import type { ConversationCommand } from './commands';
import { decide } from './decide';
import type { Decider } from './decider';
import type { ConversationEvent } from './events';
import { evolve } from './evolve';
import { initialState, type ConversationState } from './state';

export const conversationDecider: Decider<
  ConversationState,
  ConversationCommand,
  ConversationEvent
> = {
  decide,
  evolve,
  initialState,
};
