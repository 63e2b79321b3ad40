import type { ConversationEvent } from './events';
import { given } from './testing/decider-specification';
import {
  AGENT,
  CONVERSATION_ID,
  NOW,
  OTHER_AGENT,
  assignedConversation,
  T0,
  closed,
  command,
  customerMessage,
  requested,
  sent,
} from './testing/fixtures';
import { DAY_MS } from './time';

const reactionId = (n: number) => `${CONVERSATION_ID}:reaction:${n}`;
const react = (reaction: 'love' | 'like' | null, mid = 'm_1', agentId = AGENT, now = NOW) =>
  command('RequestAgentReaction', { agentId, mid, reaction }, now);
const reacted = (
  n: number,
  reaction: 'love' | 'like' | null,
  mid = 'm_1',
  requestedAt = NOW,
): ConversationEvent => ({
  type: 'AgentReactionRequested',
  data: { reactionId: reactionId(n), agentId: AGENT, mid, reaction, requestedAt },
});

describe('RequestAgentReaction', () => {
  it('records the assigned agent’s reaction to a customer message, for the outbox to send', () => {
    given(assignedConversation())
      .when(react('love'))
      .then([reacted(1, 'love')]);
  });

  it('records a change of reaction and taking it back, each with its own id', () => {
    given([...assignedConversation(), reacted(1, 'love')])
      .when(react('like'))
      .then([reacted(2, 'like')]);
    given([...assignedConversation(), reacted(1, 'love')])
      .when(react(null))
      .then([reacted(2, null)]);
  });

  it('records nothing when the message already shows that reaction (a retried request)', () => {
    given([...assignedConversation(), reacted(1, 'love')])
      .when(react('love'))
      .thenNothing();
    given(assignedConversation()).when(react(null)).thenNothing();
  });

  it('refuses another agent, an ended chat, an unknown reaction and a message that is not the customer’s', () => {
    given(assignedConversation())
      .when(react('love', 'm_1', OTHER_AGENT))
      .thenThrows('not_assigned_agent');
    given([...assignedConversation(), closed()])
      .when(react('love'))
      .thenThrows('already_ended');
    given(assignedConversation())
      .when(
        command('RequestAgentReaction', {
          agentId: AGENT,
          mid: 'm_1',
          reaction: 'heart' as 'love',
        }),
      )
      .thenThrows('invalid_reaction');
    given(assignedConversation()).when(react('love', 'm_unknown')).thenThrows('message_not_found');
    // The agent's own message, sent as m_ours: not theirs to react to.
    given([...assignedConversation(), requested('o1'), sent('o1', 'm_ours')])
      .when(react('love', 'm_ours'))
      .thenThrows('message_not_found');
  });
});

describe("RequestAgentReaction inside Messenger's window (the rule sends follow)", () => {
  it('records a reaction just before 24 h after the customer’s latest message', () => {
    given(assignedConversation())
      .when(react('love', 'm_1', AGENT, T0 + DAY_MS - 1))
      .then([reacted(1, 'love', 'm_1', T0 + DAY_MS - 1)]);
  });

  it('refuses it from 24 h on, nothing recorded, even where a page may tag HUMAN_AGENT', () => {
    given(assignedConversation())
      .when(react('love', 'm_1', AGENT, T0 + DAY_MS))
      .thenThrows('outside_messaging_window');
    given([...assignedConversation(), reacted(1, 'love')])
      .when(react(null, 'm_1', AGENT, T0 + 3 * DAY_MS))
      .thenThrows('outside_messaging_window');
  });

  it('counts from the latest customer message, so a new message reopens it for older ones', () => {
    given([...assignedConversation(), customerMessage('m_2', T0 + 2 * DAY_MS)])
      .when(react('like', 'm_1', AGENT, T0 + 2 * DAY_MS + 1))
      .then([reacted(1, 'like', 'm_1', T0 + 2 * DAY_MS + 1)]);
  });

  it('absorbs a retried request for the reaction already there before judging the window', () => {
    given([...assignedConversation(), reacted(1, 'love')])
      .when(react('love', 'm_1', AGENT, T0 + 3 * DAY_MS))
      .thenNothing();
  });
});

describe('MarkAgentReactionSent / MarkAgentReactionFailed', () => {
  const failure = (attempt: number, permanent = false) =>
    command('MarkAgentReactionFailed', {
      reactionId: reactionId(1),
      code: 1200,
      subcode: null,
      reason: 'Temporary send message failure',
      permanent,
      attempt,
      retryAt: permanent ? null : NOW + 1_000,
    });
  const failed = (attempt: number): ConversationEvent => ({
    type: 'AgentReactionFailed',
    data: {
      reactionId: reactionId(1),
      code: 1200,
      subcode: null,
      reason: 'Temporary send message failure',
      permanent: false,
      attempt,
      retryAt: NOW + 1_000,
      failedAt: NOW,
    },
  });
  const history = [...assignedConversation(), reacted(1, 'love')];

  it('records Facebook’s answer once, even after the chat ended', () => {
    const confirmed: ConversationEvent = {
      type: 'AgentReactionSent',
      data: { reactionId: reactionId(1), confirmedAt: NOW },
    };
    given([...history, closed()])
      .when(command('MarkAgentReactionSent', { reactionId: reactionId(1) }))
      .then([confirmed]);
    given([...history, confirmed])
      .when(command('MarkAgentReactionSent', { reactionId: reactionId(1) }))
      .thenNothing();
  });

  it('records each failed try once, and none after the reaction was sent', () => {
    given(history)
      .when(failure(1))
      .then([failed(1)]);
    given([...history, failed(1)])
      .when(failure(1))
      .thenNothing();
    given([...history, failed(1)])
      .when(failure(2))
      .then([failed(2)]);
    given([
      ...history,
      { type: 'AgentReactionSent', data: { reactionId: reactionId(1), confirmedAt: NOW } },
    ])
      .when(failure(2))
      .thenNothing();
  });

  it('refuses an outcome for a reaction never requested', () => {
    given(assignedConversation())
      .when(command('MarkAgentReactionSent', { reactionId: reactionId(9) }))
      .thenThrows('reaction_not_found');
  });
});
