import type { INestApplicationContext } from '@nestjs/common';
import { ConversationStates } from '../conversations/conversation-states';
import { AutomaticMessages } from '../outbound/automatic-messages/automatic-messages';
import { OutboxLanes } from '../outbound/outbox/outbox-lanes';
import { BackgroundWork } from './background-work';

/**
 * How many entries the processing worker's per-conversation structures hold
 * (docs/memory.md): none of them may keep an ended conversation. The worker
 * thread cannot be inspected from outside, so it counts them when asked.
 */
export interface MemoryCensus {
  readonly conversationStates: number;
  readonly reactorLanes: number;
  readonly reactorPending: number;
  readonly outboxLanes: number;
  readonly automaticMessagePages: number;
}

export function memoryCensus(app: INestApplicationContext): MemoryCensus {
  const reactors = app.get(BackgroundWork).reactorSizes();
  return {
    conversationStates: app.get(ConversationStates).cache.size,
    reactorLanes: reactors.lanes,
    reactorPending: reactors.pending,
    outboxLanes: app.get(OutboxLanes).size,
    automaticMessagePages: app.get(AutomaticMessages).rememberedPages,
  };
}
