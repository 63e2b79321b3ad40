import { CONVERSATION_EVENT_VERSIONS } from './event-versions';
import type { ConversationEvent } from './events';
import { evolve } from './evolve';
import { initialState } from './state';
import { stateAfter } from './testing/decider-specification';
import {
  AGENT,
  GUEST,
  NOW,
  OTHER_AGENT,
  PSID,
  SHORTLINK,
  T0,
  USER_REF,
  assigned,
  closed,
  customerMessage,
  failed,
  requested,
  sent,
  started,
} from './testing/fixtures';

/** A guest's whole life, touching every event type once or more. */
const lifetime: ConversationEvent[] = [
  started({ customer: GUEST, channel: 'chat_plugin', referral: SHORTLINK }),
  { type: 'ReferralReceived', data: { referral: SHORTLINK, sentAt: T0 + 1 } },
  { type: 'CustomerProfileUnavailable', data: { reason: 'timeout', checkedAt: T0 + 2 } },
  {
    type: 'CustomerProfileFetched',
    data: { firstName: 'Guest', lastName: '0011', pictureUrl: null, fetchedAt: T0 + 3 },
  },
  customerMessage('m_1', T0 + 10),
  {
    type: 'PostbackReceived',
    data: {
      mid: null,
      title: 'Talk to an agent',
      payload: null,
      referral: null,
      standby: true,
      sentAt: T0 + 20,
    },
  },
  { type: 'ConversationQueued', data: { queue: 'sales', queuedAt: NOW } },
  assigned(AGENT),
  {
    type: 'AgentAssigned',
    data: { agentId: OTHER_AGENT, previousAgentId: AGENT, assignedBy: 'lead', assignedAt: NOW },
  },
  { ...requested('o1'), data: { ...requested('o1').data, agentId: OTHER_AGENT } },
  failed('o1', { reason: 'temporary' }),
  {
    type: 'AutomaticMessageRequested',
    data: {
      messageId: 'a1',
      trigger: 'opening',
      content: { kind: 'text', text: 'Hello!', quickReplies: [] },
      messaging: { messagingType: 'RESPONSE' },
      requestedAt: NOW,
    },
  },
  sent('o1', 'm_out', T0 + 30),
  {
    type: 'PageMessageEchoed',
    data: {
      mid: 'm_inbox',
      appId: '263902037430900',
      text: 'hi',
      attachments: [],
      metadata: null,
      sentAt: T0 + 40,
    },
  },
  {
    type: 'CustomerMessageEdited',
    data: { mid: 'm_1', newText: 'edited', editCount: 1, editedAt: T0 + 50 },
  },
  {
    type: 'ReactionSet',
    data: { mid: 'm_out', reaction: 'love', emoji: '\u2764\ufe0f', reactedAt: T0 + 60 },
  },
  { type: 'ReactionRemoved', data: { mid: 'm_out', reaction: 'love', reactedAt: T0 + 70 } },
  { type: 'DeliveryWatermarkAdvanced', data: { watermark: T0 + 80, mids: ['m_out'] } },
  { type: 'ReadWatermarkAdvanced', data: { watermark: T0 + 90 } },
  {
    type: 'ContactInfoShared',
    data: { kind: 'email', value: 'a@example.com', mid: 'm_1', sharedAt: T0 + 95 },
  },
  { type: 'GuestUpgraded', data: { guestId: GUEST.id, psid: PSID.id, upgradedAt: T0 + 100 } },
  { type: 'ChatEndedByCustomer', data: { endedAt: T0 + 110 } },
];

const expired: ConversationEvent = {
  type: 'ConversationExpired',
  data: { rule: '24h_after_last_customer_message', deadline: 5, expiredAt: 6 },
};
const userRefResolved: ConversationEvent = {
  type: 'UserRefResolved',
  data: { userRef: USER_REF.id, psid: PSID.id, resolvedAt: T0 },
};

const recipientUnavailable: ConversationEvent = {
  type: 'RecipientUnavailable',
  data: { messageId: 'o1', endedAt: 7 },
};

const requeued: ConversationEvent = {
  type: 'ConversationRequeued',
  data: {
    queue: 'sales',
    previousAgentId: AGENT,
    reason: 'agent_unavailable',
    front: true,
    requeuedBy: 'router',
    queuedAt: NOW + 1,
  },
};

const csatSurveyRequested: ConversationEvent = {
  type: 'CsatSurveyRequested',
  data: {
    surveyId: 's1',
    agentId: AGENT,
    question: 'How did we do?',
    scale: 'thumbs',
    requestedAt: NOW,
  },
};

const csatAnswered: ConversationEvent = {
  type: 'CsatAnswered',
  data: {
    surveyId: 's1',
    mid: 'm_csat',
    scale: 'thumbs',
    choice: 'up',
    text: '👍',
    sentAt: NOW + 5,
    answeredAt: NOW + 6,
  },
};
const agentReactionLifetime: ConversationEvent[] = [
  {
    type: 'AgentReactionRequested',
    data: { reactionId: 'r1', agentId: AGENT, mid: 'm_1', reaction: 'love', requestedAt: NOW },
  },
  {
    type: 'AgentReactionFailed',
    data: {
      reactionId: 'r1',
      code: 1200,
      subcode: null,
      reason: 'Temporary send message failure',
      permanent: false,
      attempt: 1,
      retryAt: NOW + 1_000,
      failedAt: NOW,
    },
  },
  { type: 'AgentReactionSent', data: { reactionId: 'r1', confirmedAt: NOW + 1_000 } },
];

/** What agents record at the desk (issue 19): none of it moves the conversation. */
const deskEvents: ConversationEvent[] = [
  {
    type: 'ConversationTransferred',
    data: {
      fromAgentId: AGENT,
      to: { kind: 'agent', agentId: OTHER_AGENT },
      note: 'over to you',
      transferredAt: NOW,
    },
  },
  {
    type: 'InternalNoteAdded',
    data: { noteId: 'n1', authorId: AGENT, text: 'VIP', addedAt: NOW },
  },
  {
    type: 'ConversationWrappedUp',
    data: { agentId: AGENT, tags: [{ tagId: 'vip', label: 'VIP' }], wrappedUpAt: NOW },
  },
];

describe('evolve', () => {
  it('starts empty', () => {
    expect(initialState()).toEqual({ status: 'empty' });
  });

  it('folds a whole conversation into the state decide() relies on', () => {
    const state = stateAfter(lifetime);
    expect(state).toMatchObject({
      status: 'ended',
      end: { reason: 'customer_ended_chat', at: T0 + 110 },
      agentId: OTHER_AGENT,
      customer: PSID,
      formerIdentities: [GUEST],
      channel: 'chat_plugin',
      lastCustomerMessageAt: T0 + 20,
      deliveredWatermark: T0 + 80,
      readWatermark: T0 + 90,
      profile: { status: 'fetched', firstName: 'Guest', lastName: '0011', pictureUrl: null },
      contacts: [{ kind: 'email', value: 'a@example.com' }],
    });
    if (state.status !== 'ended') throw new Error('unreachable');
    expect([...state.knownMids].sort()).toEqual(['m_1', 'm_inbox', 'm_out']);
    expect(state.reactions.get('m_out')).toEqual({ reaction: null, at: T0 + 70 });
    expect(state.outbound.get('o1')).toMatchObject({
      author: { kind: 'agent', agentId: OTHER_AGENT },
      mid: 'm_out',
      sentAt: T0 + 30,
      failure: { code: 1200, permanent: false, attempt: 1 },
    });
    expect(state.outbound.get('a1')).toMatchObject({
      author: { kind: 'automatic', trigger: 'opening' },
      mid: null,
    });
  });

  it('is exercised here with every event type there is', () => {
    const exercised = [
      ...lifetime,
      closed(),
      expired,
      userRefResolved,
      recipientUnavailable,
      requeued,
      csatSurveyRequested,
      csatAnswered,
      ...agentReactionLifetime,
      ...deskEvents,
      ...uploadLifetime,
    ].map((event) => event.type);
    expect(new Set(exercised)).toEqual(new Set(Object.keys(CONVERSATION_EVENT_VERSIONS)));
  });

  const uploadLifetime: ConversationEvent[] = [
    {
      type: 'AgentMessageRequested',
      data: {
        messageId: 'u1',
        clientMessageId: 'cu1',
        agentId: AGENT,
        content: {
          kind: 'upload',
          upload: {
            type: 'file',
            blob: 'b'.repeat(64),
            name: 'a.pdf',
            mimeType: 'application/pdf',
            size: 9,
          },
          quickReplies: [],
        },
        messaging: { messagingType: 'RESPONSE' },
        requestedAt: NOW,
      },
    },
    {
      type: 'AgentAttachmentUploaded',
      data: { messageId: 'u1', attachmentId: 'att_9', uploadedAt: NOW },
    },
  ];

  it("keeps an uploaded file's attachment id, which is all a resend needs", () => {
    const state = stateAfter([
      started(),
      customerMessage('m_1'),
      assigned(AGENT),
      ...uploadLifetime,
    ]);
    if (state.status === 'empty') throw new Error('unreachable');
    expect(state.outbound.get('u1')).toMatchObject({ attachmentId: 'att_9', mid: null });
  });

  it('keeps an agent reaction with its latest failed try and whether Facebook took it', () => {
    const state = stateAfter([started(), customerMessage('m_1'), ...agentReactionLifetime]);
    if (state.status === 'empty') throw new Error('unreachable');
    expect(state.agentReactions.get('r1')).toEqual({
      reactionId: 'r1',
      agentId: AGENT,
      mid: 'm_1',
      reaction: 'love',
      requestedAt: NOW,
      sent: true,
      failure: {
        code: 1200,
        subcode: null,
        reason: 'Temporary send message failure',
        permanent: false,
        attempt: 1,
        retryAt: NOW + 1_000,
      },
    });
  });

  it('keeps status and agent through desk events, remembering each note it has', () => {
    const before = stateAfter([started(), assigned(AGENT)]);
    const after = stateAfter([started(), assigned(AGENT), ...deskEvents]);
    expect(after).toMatchObject({ status: 'assigned', agentId: AGENT });
    expect(after.status !== 'empty' && after.seenKeys.has(`note:${AGENT}:n1`)).toBe(true);
    expect(before.status !== 'empty' && before.seenKeys.size).toBe(0);
  });

  it('moves through open, queued, assigned and ended', () => {
    const queued: ConversationEvent = {
      type: 'ConversationQueued',
      data: { queue: null, queuedAt: NOW },
    };
    expect(stateAfter([started()]).status).toBe('open');
    expect(stateAfter([started(), queued])).toMatchObject({
      status: 'queued',
      queue: null,
      queuedAt: NOW,
    });
    const assignedState = stateAfter([started(), queued, assigned()]);
    expect(assignedState).toMatchObject({ status: 'assigned', agentId: AGENT });
    expect(assignedState).not.toHaveProperty('queuedAt');
    expect(stateAfter([started(), assigned(), closed()])).toMatchObject({
      status: 'ended',
      end: { reason: 'agent_closed', agentId: AGENT },
      agentId: AGENT,
    });
    expect(stateAfter([started(), expired])).toMatchObject({
      status: 'ended',
      end: { reason: 'expired', rule: '24h_after_last_customer_message', at: 6 },
      agentId: null,
    });
    expect(stateAfter([started(), assigned(), recipientUnavailable])).toMatchObject({
      status: 'ended',
      end: { reason: 'recipient_unavailable', messageId: 'o1', at: 7 },
      agentId: AGENT,
    });
  });

  it('moves an assigned conversation back to its queue without its agent, and nothing else', () => {
    const state = stateAfter([started(), assigned(), requeued]);
    expect(state).toMatchObject({ status: 'queued', queue: 'sales', queuedAt: NOW + 1 });
    expect(state).not.toHaveProperty('agentId');
    expect(stateAfter([started(), assigned(), closed(), requeued]).status).toBe('ended');
  });

  it('keeps the first end: a later ending event does not rewrite why it ended', () => {
    const state = stateAfter([
      started(),
      closed(AGENT, NOW),
      { type: 'ChatEndedByCustomer', data: { endedAt: NOW + 1 } },
    ]);
    expect(state).toMatchObject({ status: 'ended', end: { reason: 'agent_closed' } });
  });

  it('remembers the survey of an agent-closed conversation, and that it was answered once', () => {
    const asked = stateAfter([started(), assigned(), closed(), csatSurveyRequested]);
    expect(asked).toMatchObject({
      status: 'ended',
      survey: { surveyId: 's1', scale: 'thumbs', requestedAt: NOW, answered: false },
    });
    const answeredState = stateAfter([
      started(),
      assigned(),
      closed(),
      csatSurveyRequested,
      csatAnswered,
    ]);
    expect(answeredState).toMatchObject({ survey: { answered: true } });
    if (answeredState.status === 'empty') throw new Error('unreachable');
    expect(answeredState.knownMids.has('m_csat')).toBe(true);
    // A survey event on a live conversation (impossible from decide) changes nothing.
    expect(stateAfter([started(), csatSurveyRequested])).not.toHaveProperty('survey');
  });

  it('resolves a user_ref to a PSID and remembers the user_ref', () => {
    const state = stateAfter([started({ customer: USER_REF }), userRefResolved]);
    expect(state).toMatchObject({ customer: PSID, formerIdentities: [USER_REF] });
  });

  it('takes the latest customer time, not the last to arrive', () => {
    const state = stateAfter([
      started(),
      customerMessage('m_2', T0 + 500),
      customerMessage('m_1', T0 + 100),
    ]);
    expect(state).toMatchObject({ lastCustomerMessageAt: T0 + 500 });
  });

  it('ignores events before a start and a second start', () => {
    expect(evolve(initialState(), customerMessage('m_1'))).toEqual({ status: 'empty' });
    const state = stateAfter([started(), started({ customer: GUEST })]);
    expect(state).toMatchObject({ customer: PSID });
  });

  it('never mutates the state it was given', () => {
    const before = stateAfter([started()]);
    evolve(before, customerMessage('m_1'));
    if (before.status === 'empty') throw new Error('unreachable');
    expect(before.knownMids.size).toBe(0);
  });
});

describe("a conversation's mids as it grows", () => {
  /** Entries put into any Set or Map while `work` runs: what copying a set costs, entry by entry. */
  function insertions(work: () => void): number {
    const add = jest.spyOn(Set.prototype, 'add');
    const set = jest.spyOn(Map.prototype, 'set');
    try {
      work();
      return add.mock.calls.length + set.mock.calls.length;
    } finally {
      add.mockRestore();
      set.mockRestore();
    }
  }

  it('records a message without copying the mids held before it', () => {
    const mids = Array.from({ length: 1_000 }, (_, i) => customerMessage(`m_${i}`, T0 + i));
    const long = stateAfter([started(), ...mids]);
    let next = long;
    expect(
      insertions(() => (next = evolve(long, customerMessage('m_new', T0 + 2_000)))),
    ).toBeLessThanOrEqual(2);
    expect(next.status !== 'empty' && next.knownMids.has('m_new')).toBe(true);
    expect(next.status !== 'empty' && next.knownMids.size).toBe(1_001);
    expect(long.status !== 'empty' && long.knownMids.has('m_new')).toBe(false);
  });
});
