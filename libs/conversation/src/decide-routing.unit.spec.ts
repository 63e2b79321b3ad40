import type { ConversationEvent } from './events';
import { given, stateAfter } from './testing/decider-specification';
import {
  AGENT,
  NOW,
  OTHER_AGENT,
  assignedConversation,
  closed,
  command,
  started,
} from './testing/fixtures';

const queued: ConversationEvent = {
  type: 'ConversationQueued',
  data: { queue: 'sales', queuedAt: NOW - 5_000 },
};

const requeued = (
  overrides: Partial<Extract<ConversationEvent, { type: 'ConversationRequeued' }>['data']> = {},
): ConversationEvent => ({
  type: 'ConversationRequeued',
  data: {
    queue: 'support',
    previousAgentId: AGENT,
    reason: 'transferred',
    front: false,
    requeuedBy: AGENT,
    queuedAt: NOW,
    ...overrides,
  },
});

describe('TransferConversation', () => {
  const toAgent = (agentId = AGENT, to = OTHER_AGENT) =>
    command('TransferConversation', { agentId, to: { kind: 'agent', agentId: to } });
  const toQueue = (agentId = AGENT) =>
    command('TransferConversation', { agentId, to: { kind: 'queue', queue: 'support' } });

  it('hands the conversation to a colleague, remembering who had it', () => {
    given(assignedConversation())
      .when(toAgent())
      .then([
        {
          type: 'AgentAssigned',
          data: {
            agentId: OTHER_AGENT,
            previousAgentId: AGENT,
            assignedBy: AGENT,
            assignedAt: NOW,
          },
        },
      ]);
  });

  it('puts the conversation back in a queue, behind those already waiting', () => {
    given(assignedConversation()).when(toQueue()).then([requeued()]);
    const state = stateAfter([...assignedConversation(), requeued()]);
    expect(state).toMatchObject({ status: 'queued', queue: 'support', queuedAt: NOW });
    expect(state).not.toHaveProperty('agentId');
  });

  it('refuses anyone but the assigned agent, a queued conversation and an ended one', () => {
    given(assignedConversation())
      .when(toAgent(OTHER_AGENT, AGENT))
      .thenThrows('not_assigned_agent');
    given([started(), queued]).when(toQueue()).thenThrows('not_assigned_agent');
    given([...assignedConversation(), closed()])
      .when(toQueue())
      .thenThrows('already_ended');
  });

  it('refuses a transfer to oneself', () => {
    given(assignedConversation()).when(toAgent(AGENT, AGENT)).thenThrows('invalid_transfer');
  });
});

describe('RequeueConversation', () => {
  const requeue = (agentId = AGENT) =>
    command('RequeueConversation', { agentId, queue: 'sales', reason: 'agent_unavailable' });

  it('takes the conversation back from an agent who stayed away, to the front of the queue', () => {
    given(assignedConversation())
      .when(requeue())
      .then([
        requeued({
          queue: 'sales',
          reason: 'agent_unavailable',
          front: true,
          requeuedBy: 'router',
        }),
      ]);
  });

  it('absorbs a late timer: another agent has it, it is queued already, or it ended', () => {
    given(assignedConversation()).when(requeue(OTHER_AGENT)).thenNothing();
    given([started(), queued]).when(requeue()).thenNothing();
    given([...assignedConversation(), closed()])
      .when(requeue())
      .thenNothing();
  });
});
