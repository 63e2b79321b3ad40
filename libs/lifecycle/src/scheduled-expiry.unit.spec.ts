import {
  endsConversation,
  evolve,
  initialState,
  type ConversationEvent,
  type ConversationState,
} from '@pagedesk/conversation';
import {
  CONVERSATION_ID,
  GUEST,
  NOW,
  PAGE,
  T0,
  assigned,
  closed,
  customerMessage,
  started,
} from '@pagedesk/conversation/testing/fixtures';
import { planExpiries, scheduledExpiry, type ScheduledExpiry } from './scheduled-expiry';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const stateOf = (events: ConversationEvent[]): ConversationState =>
  events.reduce(evolve, initialState());
const queued: ConversationEvent = {
  type: 'ConversationQueued',
  data: { queue: 'support', queuedAt: T0 },
};

describe('scheduledExpiry', () => {
  it('gives both windows from the customer’s latest message, not the last to arrive', () => {
    const entry = scheduledExpiry(
      stateOf([
        started(),
        queued,
        customerMessage('m2', T0 + 5 * HOUR),
        customerMessage('m1', T0 + HOUR),
      ]),
    );
    expect(entry).toEqual({
      conversationId: CONVERSATION_ID,
      pageId: PAGE,
      offered: true,
      withoutTag: { rule: '24h_after_last_customer_message', at: T0 + 5 * HOUR + DAY },
      withTag: { rule: '7d_human_agent', at: T0 + 5 * HOUR + 7 * DAY },
    });
  });

  it('ends a guest chat 24 h after it started whatever the policy or later messages', () => {
    const entry = scheduledExpiry(
      stateOf([started({ customer: GUEST }), queued, customerMessage('m2', T0 + 20 * HOUR)]),
    );
    const guestRule = { rule: 'guest_24h_after_start', at: T0 + DAY };
    expect(entry).toMatchObject({ withoutTag: guestRule, withTag: guestRule });
  });

  it('marks a conversation never queued as not offered, and forgets ended ones', () => {
    expect(scheduledExpiry(stateOf([started()]))?.offered).toBe(false);
    expect(scheduledExpiry(stateOf([started(), queued, assigned()]))?.offered).toBe(true);
    expect(scheduledExpiry(stateOf([started(), queued, assigned(), closed()]))).toBeNull();
    expect(scheduledExpiry(initialState())).toBeNull();
  });
});

describe('endsConversation (the schedule after an ending)', () => {
  const endings: ConversationEvent[] = [
    closed(),
    { type: 'ChatEndedByCustomer', data: { endedAt: NOW } },
    {
      type: 'ConversationExpired',
      data: { rule: '24h_after_last_customer_message', deadline: T0 + DAY, expiredAt: NOW },
    },
    { type: 'RecipientUnavailable', data: { messageId: 'out-1', endedAt: NOW } },
  ];
  // What can still arrive after an ending (a late redelivery, a racing command).
  const later: ConversationEvent[] = [
    customerMessage('m-late', NOW + DAY),
    queued,
    assigned(),
    { type: 'GuestUpgraded', data: { guestId: 'g', psid: 'p', upgradedAt: NOW } },
  ];

  it.each(endings.map((e) => [e.type, e] as const))(
    '%s leaves nothing to schedule, whatever came before or follows it',
    (_type, ending) => {
      expect(endsConversation(ending.type)).toBe(true);
      for (const before of [[], [started()], [started(), queued], [started(), queued, assigned()]])
        expect(scheduledExpiry(stateOf([...before, ending, ...later]))).toBeNull();
    },
  );

  it('is false for what only moves a deadline', () => {
    expect(
      [started(), customerMessage('m1'), queued, assigned()].map((e) => endsConversation(e.type)),
    ).toEqual([false, false, false, false]);
  });
});

describe('planExpiries', () => {
  const entry = (conversationId: string, pageId: string, lastAt: number): ScheduledExpiry => ({
    conversationId,
    pageId,
    offered: true,
    withoutTag: { rule: '24h_after_last_customer_message', at: lastAt + DAY },
    withTag: { rule: '7d_human_agent', at: lastAt + 7 * DAY },
  });
  const tagging = (pageId: string) => pageId === 'tagged';

  it('expires what is due under each page’s policy and wakes for the next deadline', () => {
    const now = T0 + 2 * DAY;
    const plan = planExpiries(
      [
        entry('plain-overdue', 'plain', T0),
        entry('tagged-waiting', 'tagged', T0),
        entry('plain-soon', 'plain', T0 + DAY + HOUR),
        entry('tagged-overdue', 'tagged', T0 - 6 * DAY),
      ],
      tagging,
      now,
    );
    expect(plan.due).toEqual([
      {
        conversationId: 'plain-overdue',
        humanAgentTagAllowed: false,
        deadline: { rule: '24h_after_last_customer_message', at: T0 + DAY },
      },
      {
        conversationId: 'tagged-overdue',
        humanAgentTagAllowed: true,
        deadline: { rule: '7d_human_agent', at: T0 + DAY },
      },
    ]);
    expect(plan.nextAt).toBe(T0 + 2 * DAY + HOUR);
  });

  it('is due exactly at the deadline, and has nothing to wake for when empty', () => {
    expect(planExpiries([entry('c', 'plain', T0)], tagging, T0 + DAY).due).toHaveLength(1);
    expect(planExpiries([entry('c', 'plain', T0)], tagging, T0 + DAY - 1).nextAt).toBe(T0 + DAY);
    expect(planExpiries([], tagging, T0)).toEqual({ due: [], nextAt: null });
  });
});
