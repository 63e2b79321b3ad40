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
  const toAgent = (agentId = AGENT, to = OTHER_AGENT, note: string | null = null) =>
    command('TransferConversation', { agentId, to: { kind: 'agent', agentId: to }, note });
  const toQueue = (agentId = AGENT, note: string | null = null) =>
    command('TransferConversation', { agentId, to: { kind: 'queue', queue: 'support' }, note });
  const transferred = (
    to: Extract<ConversationEvent, { type: 'ConversationTransferred' }>['data']['to'],
    note: string | null = null,
  ): ConversationEvent => ({
    type: 'ConversationTransferred',
    data: { fromAgentId: AGENT, to, note, transferredAt: NOW },
  });

  it('hands the conversation to a colleague with the note, remembering who had it', () => {
    given(assignedConversation())
      .when(toAgent(AGENT, OTHER_AGENT, '  Wants a refund, order 1234  '))
      .then([
        transferred({ kind: 'agent', agentId: OTHER_AGENT }, 'Wants a refund, order 1234'),
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

  it('puts the conversation back in a queue, behind those already waiting; a blank note is none', () => {
    given(assignedConversation())
      .when(toQueue(AGENT, '   '))
      .then([transferred({ kind: 'queue', queue: 'support' }), requeued()]);
    const state = stateAfter([
      ...assignedConversation(),
      transferred({ kind: 'queue', queue: 'support' }),
      requeued(),
    ]);
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

  it('refuses a note over the limit instead of cutting it, recording nothing', () => {
    given(assignedConversation())
      .when(toAgent(AGENT, OTHER_AGENT, 'x'.repeat(1001)))
      .thenThrows('invalid_transfer');
  });

  it('leaves moving the conversation to the AgentAssigned that follows the record', () => {
    const event = transferred({ kind: 'agent', agentId: OTHER_AGENT }, 'note');
    expect(stateAfter([...assignedConversation(), event])).toMatchObject({
      status: 'assigned',
      agentId: AGENT,
    });
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
