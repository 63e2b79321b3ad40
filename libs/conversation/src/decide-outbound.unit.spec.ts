import type { AgentMessageContent } from './content';
import type { ConversationEvent } from './events';
import { given } from './testing/decider-specification';
import {
  AGENT,
  GUEST,
  NOW,
  OTHER_AGENT,
  REPLY,
  T0,
  assigned,
  assignedConversation,
  closed,
  command,
  customerMessage,
  failed,
  requested,
  sent,
  started,
} from './testing/fixtures';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const queued: ConversationEvent = {
  type: 'ConversationQueued',
  data: { queue: 'sales', queuedAt: NOW },
};

describe('RequestAgentMessage', () => {
  const reply = (
    options: {
      clientMessageId?: string;
      agentId?: string;
      content?: AgentMessageContent;
      humanAgentTagAllowed?: boolean;
      now?: number;
    } = {},
  ) =>
    command(
      'RequestAgentMessage',
      {
        messageId: 'o1',
        clientMessageId: options.clientMessageId ?? 'client-o1',
        agentId: options.agentId ?? AGENT,
        content: options.content ?? REPLY,
        humanAgentTagAllowed: options.humanAgentTagAllowed ?? false,
      },
      options.now,
    );

  it('records the request as a plain reply inside the 24-hour window', () => {
    given(assignedConversation())
      .when(reply())
      .then([requested('o1')]);
  });

  it('absorbs a retry with the same clientMessageId, even after the end', () => {
    given([...assignedConversation(), requested('o1')])
      .when(reply())
      .thenNothing();
    given([...assignedConversation(), requested('o1'), closed()])
      .when(reply())
      .thenNothing();
  });

  it('only lets the assigned agent reply', () => {
    given(assignedConversation())
      .when(reply({ clientMessageId: 'c2', agentId: OTHER_AGENT }))
      .thenThrows('not_assigned_agent');
    given([started(), queued]).when(reply()).thenThrows('not_assigned_agent');
  });

  it('rejects blank text and a reply into an ended conversation', () => {
    given(assignedConversation())
      .when(reply({ content: { kind: 'text', text: '  ', quickReplies: [] } }))
      .thenThrows('empty_message');
    given([...assignedConversation(), closed()])
      .when(reply({ clientMessageId: 'c4' }))
      .thenThrows('already_ended');
    given([
      started({ customer: GUEST }),
      assigned(),
      { type: 'ChatEndedByCustomer', data: { endedAt: T0 + 1 } },
    ])
      .when(reply({ clientMessageId: 'c5' }))
      .thenThrows('already_ended');
  });

  describe("Messenger's window, from the customer's latest message", () => {
    const tagged = { ...requested('o1').data, messaging: { messagingType: 'MESSAGE_TAG' } };

    it('is a plain RESPONSE just before 24 h, even where the tag is allowed', () => {
      given(assignedConversation())
        .when(reply({ now: T0 + DAY - 1, humanAgentTagAllowed: true }))
        .then([
          {
            type: 'AgentMessageRequested',
            data: { ...requested('o1').data, requestedAt: T0 + DAY - 1 },
          },
        ]);
    });

    it('tags HUMAN_AGENT from 24 h to 7 days, only where the page may', () => {
      given(assignedConversation())
        .when(reply({ now: T0 + DAY, humanAgentTagAllowed: true }))
        .then([
          {
            type: 'AgentMessageRequested',
            data: {
              ...tagged,
              messaging: { messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' },
              requestedAt: T0 + DAY,
            },
          },
        ]);
      given(assignedConversation())
        .when(reply({ now: T0 + DAY }))
        .thenThrows('outside_messaging_window');
    });

    it('refuses after 7 days whatever the page may do', () => {
      given(assignedConversation())
        .when(reply({ now: T0 + 7 * DAY, humanAgentTagAllowed: true }))
        .thenThrows('outside_messaging_window');
    });

    it("counts from the latest customer message, so the customer's reply reopens it", () => {
      given([...assignedConversation(), customerMessage('m_2', T0 + 3 * DAY)])
        .when(reply({ now: T0 + 3 * DAY + HOUR }))
        .then([
          {
            type: 'AgentMessageRequested',
            data: { ...requested('o1').data, requestedAt: T0 + 3 * DAY + HOUR },
          },
        ]);
    });
  });
});

describe('RequestAutomaticMessage', () => {
  const HELLO: AgentMessageContent = { kind: 'text', text: 'Hello!', quickReplies: [] };
  const automatic = (trigger: 'opening' | 'closing' | 'error', now = NOW) =>
    command('RequestAutomaticMessage', { messageId: `a-${trigger}`, trigger, content: HELLO }, now);
  const requestedAutomatic = (trigger: 'opening' | 'closing' | 'error', at = NOW) => ({
    type: 'AutomaticMessageRequested' as const,
    data: {
      messageId: `a-${trigger}`,
      trigger,
      content: HELLO,
      messaging: { messagingType: 'RESPONSE' as const },
      requestedAt: at,
    },
  });

  it('records opening and error messages on a live conversation, once each', () => {
    given([started()])
      .when(automatic('opening'))
      .then([requestedAutomatic('opening')]);
    given([started(), requestedAutomatic('opening')])
      .when(automatic('opening'))
      .thenNothing();
    given(assignedConversation())
      .when(automatic('error'))
      .then([requestedAutomatic('error')]);
  });

  it('records the closing message only after an agent closed the conversation', () => {
    given([...assignedConversation(), closed()])
      .when(automatic('closing'))
      .then([requestedAutomatic('closing')]);
    given(assignedConversation()).when(automatic('closing')).thenThrows('not_closed_by_agent');
    given([started(), { type: 'ChatEndedByCustomer', data: { endedAt: NOW } }])
      .when(automatic('closing'))
      .thenThrows('not_closed_by_agent');
  });

  it('is never tagged: outside 24 h it is refused', () => {
    given([...assignedConversation(), closed()])
      .when(automatic('closing', T0 + DAY))
      .thenThrows('outside_messaging_window');
  });
});

describe('MarkAgentMessageSent', () => {
  const markSent = (mid = 'm_out', messageId = 'o1') =>
    command('MarkAgentMessageSent', { messageId, mid, sentAt: null });
  const history = [...assignedConversation(), requested('o1')];

  it('records the mid Facebook gave the message', () => {
    given(history)
      .when(markSent())
      .then([sent('o1', 'm_out')]);
  });

  it('is a no-op when the echo confirmed it first, and a conflict for another mid', () => {
    given([...history, sent('o1', 'm_out', T0)])
      .when(markSent())
      .thenNothing();
    given([...history, sent('o1', 'm_out')])
      .when(markSent('m_other'))
      .thenThrows('already_sent');
  });

  it('still records the outcome after the conversation ended', () => {
    given([...history, closed()])
      .when(markSent())
      .then([sent('o1', 'm_out')]);
  });

  it('lets a retry succeed after a temporary failure', () => {
    given([...history, failed('o1')])
      .when(markSent())
      .then([sent('o1', 'm_out')]);
  });

  it('rejects an unknown message', () => {
    given(history).when(markSent('m_out', 'nope')).thenThrows('message_not_found');
  });
});

describe('MarkAgentMessageFailed', () => {
  const fail = (
    overrides: Partial<{
      attempt: number;
      permanent: boolean;
      code: number;
      subcode: number | null;
      recipientUnavailable: boolean;
    }> = {},
  ) => {
    const { attempt = 1, permanent = false, code = 1200, subcode = null } = overrides;
    return command('MarkAgentMessageFailed', {
      messageId: 'o1',
      code,
      subcode,
      reason: 'Temporary send message failure',
      permanent,
      attempt,
      retryAt: permanent ? null : NOW + 1_000,
      recipientUnavailable: overrides.recipientUnavailable ?? false,
    });
  };
  const history = [...assignedConversation(), requested('o1')];

  it('records every try, so the retry schedule survives a restart', () => {
    given(history)
      .when(fail())
      .then([failed('o1')]);
    given([...history, failed('o1')])
      .when(fail({ attempt: 2 }))
      .then([failed('o1', { attempt: 2 })]);
  });

  it('ignores the same try reported twice', () => {
    given([...history, failed('o1')])
      .when(fail())
      .thenNothing();
  });

  it('ends the conversation when Facebook says the person cannot be reached', () => {
    const unreachable = { code: 100, subcode: 2018001, permanent: true };
    given(history)
      .when(fail({ ...unreachable, recipientUnavailable: true }))
      .then([
        failed('o1', { ...unreachable, retryAt: null }),
        { type: 'RecipientUnavailable', data: { messageId: 'o1', endedAt: NOW } },
      ]);
    given([...history, closed()])
      .when(fail({ ...unreachable, recipientUnavailable: true }))
      .then([failed('o1', { ...unreachable, retryAt: null })]);
  });

  it('rejects a failure for a sent or unknown message', () => {
    given([...history, sent('o1', 'm_out')])
      .when(fail())
      .thenThrows('already_sent');
    given(assignedConversation()).when(fail()).thenThrows('message_not_found');
  });
});
