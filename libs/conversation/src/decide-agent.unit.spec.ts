import type { ConversationEvent } from './events';
import { given } from './testing/decider-specification';
import {
  AGENT,
  GUEST,
  NOW,
  OTHER_AGENT,
  T0,
  assigned,
  assignedConversation,
  closed,
  command,
  customerMessage,
  started,
} from './testing/fixtures';

const queued: ConversationEvent = {
  type: 'ConversationQueued',
  data: { queue: 'sales', queuedAt: NOW },
};
const ended = [started(), customerMessage('m_1'), closed()];

describe('QueueConversation', () => {
  const queue = command('QueueConversation', { queue: 'sales' });

  it('queues an open conversation, once', () => {
    given([started()]).when(queue).then([queued]);
    given([started(), queued]).when(queue).thenNothing();
  });

  it('rejects queueing an assigned or ended conversation', () => {
    given(assignedConversation()).when(queue).thenThrows('already_assigned');
    given(ended).when(queue).thenThrows('already_ended');
  });
});

describe('AssignAgent', () => {
  const assign = (agentId: string) => command('AssignAgent', { agentId, assignedBy: 'router' });

  it('assigns a queued conversation', () => {
    given([started(), queued])
      .when(assign(AGENT))
      .then([
        {
          type: 'AgentAssigned',
          data: { agentId: AGENT, previousAgentId: null, assignedBy: 'router', assignedAt: NOW },
        },
      ]);
  });

  it('reassigns to another agent and remembers who had it', () => {
    given(assignedConversation())
      .when(assign(OTHER_AGENT))
      .then([
        {
          type: 'AgentAssigned',
          data: {
            agentId: OTHER_AGENT,
            previousAgentId: AGENT,
            assignedBy: 'router',
            assignedAt: NOW,
          },
        },
      ]);
  });

  it('is a no-op for the agent who already has it and rejects ended conversations', () => {
    given(assignedConversation()).when(assign(AGENT)).thenNothing();
    given(ended).when(assign(AGENT)).thenThrows('already_ended');
  });
});

describe('AcceptConversation', () => {
  const accept = (agentId: string) => command('AcceptConversation', { agentId });

  it('lets an agent take a waiting conversation', () => {
    given([started(), queued])
      .when(accept(AGENT))
      .then([assigned(AGENT)]);
    given([started()])
      .when(accept(AGENT))
      .then([assigned(AGENT)]);
  });

  it('rejects accepting a conversation a colleague has', () => {
    given(assignedConversation()).when(accept(OTHER_AGENT)).thenThrows('already_assigned');
  });

  it('is a no-op for a double click and rejects ended conversations', () => {
    given(assignedConversation()).when(accept(AGENT)).thenNothing();
    given(ended).when(accept(AGENT)).thenThrows('already_ended');
  });
});

describe('CloseConversation', () => {
  const close = (agentId = AGENT) => command('CloseConversation', { agentId });

  it('lets the assigned agent close it', () => {
    given(assignedConversation()).when(close()).then([closed()]);
  });

  it('lets any agent close an unassigned conversation', () => {
    given([started(), queued])
      .when(close(OTHER_AGENT))
      .then([closed(OTHER_AGENT)]);
  });

  it("rejects closing a colleague's conversation or an already closed one", () => {
    given(assignedConversation()).when(close(OTHER_AGENT)).thenThrows('not_assigned_agent');
    given([...assignedConversation(), closed()])
      .when(close())
      .thenThrows('already_ended');
  });
  const refund = { tagId: 'refund', label: 'Refund' };
  const resolved = { tagId: 'resolved', label: 'Resolved' };

  it('records the wrap-up tags with the closing agent just before the close', () => {
    given(assignedConversation())
      .when(command('CloseConversation', { agentId: AGENT, wrapUpTags: [refund, resolved] }))
      .then([
        {
          type: 'ConversationWrappedUp',
          data: { agentId: AGENT, tags: [refund, resolved], wrappedUpAt: NOW },
        },
        closed(),
      ]);
    given(assignedConversation())
      .when(command('CloseConversation', { agentId: AGENT, wrapUpTags: [] }))
      .then([closed()]);
  });

  it('refuses a tag twice or more than ten, recording nothing', () => {
    given(assignedConversation())
      .when(command('CloseConversation', { agentId: AGENT, wrapUpTags: [refund, refund] }))
      .thenThrows('invalid_wrap_up');
    const eleven = Array.from({ length: 11 }, (_, i) => ({ tagId: `t${i}`, label: `T${i}` }));
    given(assignedConversation())
      .when(command('CloseConversation', { agentId: AGENT, wrapUpTags: eleven }))
      .thenThrows('invalid_wrap_up');
  });
});

describe('ExpireConversation', () => {
  const DAY = 24 * 3_600_000;
  const expire = (now: number, humanAgentTagAllowed = false) =>
    command('ExpireConversation', { humanAgentTagAllowed }, now);

  it('expires 24 h after the latest customer message', () => {
    const history = [started(), customerMessage('m_1', T0 + 1000)];
    given(history)
      .when(expire(T0 + 1000 + DAY))
      .then([
        {
          type: 'ConversationExpired',
          data: {
            rule: '24h_after_last_customer_message',
            deadline: T0 + 1000 + DAY,
            expiredAt: T0 + 1000 + DAY,
          },
        },
      ]);
    given(history)
      .when(expire(T0 + 1000 + DAY - 1))
      .thenThrows('not_yet_expired');
  });

  it('waits 7 days when the page may use the human-agent tag', () => {
    const history = [started(), customerMessage('m_1', T0)];
    given(history)
      .when(expire(T0 + 2 * DAY, true))
      .thenThrows('not_yet_expired');
    given(history)
      .when(expire(T0 + 7 * DAY, true))
      .then([
        {
          type: 'ConversationExpired',
          data: { rule: '7d_human_agent', deadline: T0 + 7 * DAY, expiredAt: T0 + 7 * DAY },
        },
      ]);
  });

  it('ends a guest chat 24 h after its start however active it was', () => {
    given([started({ customer: GUEST }), customerMessage('m_1', T0 + DAY - 1)])
      .when(expire(T0 + DAY, true))
      .then([
        {
          type: 'ConversationExpired',
          data: { rule: 'guest_24h_after_start', deadline: T0 + DAY, expiredAt: T0 + DAY },
        },
      ]);
  });

  it('absorbs a late timer on an ended conversation and rejects an unknown one', () => {
    given(ended)
      .when(expire(T0 + 30 * DAY))
      .thenNothing();
    given([]).when(expire(T0)).thenThrows('conversation_not_found');
  });
});

describe('ShareContactInfo', () => {
  const share = (kind: 'email' | 'phone', value: string) =>
    command('ShareContactInfo', { kind, value, mid: null });

  it('records contact info an agent typed in, normalised', () => {
    given(assignedConversation())
      .when(share('phone', '+49 (151) 234-56789'))
      .then([
        {
          type: 'ContactInfoShared',
          data: { kind: 'phone', value: '+4915123456789', mid: null, sharedAt: NOW },
        },
      ]);
  });

  it('ignores a contact already known and rejects a malformed one', () => {
    const history = [
      ...assignedConversation(),
      {
        type: 'ContactInfoShared',
        data: { kind: 'email', value: 'a@example.com', mid: null, sharedAt: NOW },
      } as const,
    ];
    given(history).when(share('email', ' A@Example.com ')).thenNothing();
    given(history).when(share('email', 'not-an-email')).thenThrows('invalid_contact_info');
    given(history).when(share('phone', '0151')).thenThrows('invalid_contact_info');
  });

  it('rejects sharing on an ended conversation', () => {
    given(ended).when(share('email', 'a@example.com')).thenThrows('already_ended');
  });
});

describe('unknown commands', () => {
  it('are rejected rather than silently ignored', () => {
    given([started()])
      .when({ type: 'Teleport', data: {}, metadata: { now: '2026-07-29T08:00:00Z' } } as never)
      .thenThrows('unknown_command');
  });
});
