import {
  chatPluginVisitors,
  claimedBy,
  CLAIM_WINDOW_MS,
  type VisitorCommand,
  type VisitorEvent,
  type VisitorsState,
} from './chat-plugin-visitors';

const stateAfter = (history: readonly VisitorEvent[]): VisitorsState =>
  history.reduce(chatPluginVisitors.evolve, chatPluginVisitors.initialState());
const given = (history: readonly VisitorEvent[]) => ({
  when: (command: VisitorCommand) => ({
    then: (expected: readonly VisitorEvent[]) =>
      expect(chatPluginVisitors.decide(command, stateAfter(history))).toEqual(expected),
    thenNothing: () => expect(chatPluginVisitors.decide(command, stateAfter(history))).toEqual([]),
  }),
});

const T = 1_785_312_004_523;
const opened = (userRef: string, conversationId = `c-${userRef}`, openedAt = T): VisitorEvent => ({
  type: 'UserRefConversationOpened',
  data: { userRef, conversationId, openedAt },
});
const resolved = (userRef: string, psid: string): VisitorEvent => ({
  type: 'UserRefResolved',
  data: { userRef, psid },
});
const claim = (psid: string, at = T + 1000): VisitorCommand => ({
  type: 'ClaimUserRefVisitor',
  data: { psid, at },
});
const open = (userRef: string, conversationId = `c-${userRef}`): VisitorCommand => ({
  type: 'RecordUserRefOpened',
  data: { userRef, conversationId, openedAt: T },
});

describe('Chat Plugin visitors: which user_ref conversation a PSID continues', () => {
  it('a PSID claims the page’s one open user_ref conversation', () => {
    given([opened('r1')])
      .when(claim('p1'))
      .then([resolved('r1', 'p1')]);
  });

  it('with two open user_refs nobody is guessed: the PSID gets a conversation of its own', () => {
    given([opened('r1'), opened('r2')])
      .when(claim('p1'))
      .thenNothing();
  });

  it('a claimed user_ref is no longer open; the claim is not made twice', () => {
    given([opened('r1'), resolved('r1', 'p1')])
      .when(claim('p2'))
      .thenNothing();
    given([opened('r1'), resolved('r1', 'p1')])
      .when(claim('p1'))
      .thenNothing();
    expect(claimedBy(stateAfter([opened('r1'), resolved('r1', 'p1')]), 'p1')).toEqual({
      userRef: 'r1',
      conversationId: 'c-r1',
      openedAt: T,
      psid: 'p1',
    });
  });

  it('a user_ref opened more than a day before, or after the message, is no candidate', () => {
    given([opened('r1')])
      .when(claim('p1', T + CLAIM_WINDOW_MS))
      .thenNothing();
    given([opened('r1')])
      .when(claim('p1', T - 1))
      .thenNothing();
  });

  it('records a user_ref’s conversation once; a newer conversation of the same user_ref replaces it', () => {
    given([])
      .when(open('r1'))
      .then([opened('r1')]);
    given([opened('r1')])
      .when(open('r1'))
      .thenNothing();
    given([opened('r1')])
      .when(open('r1', 'c-r1-2'))
      .then([opened('r1', 'c-r1-2')]);
    given([opened('r1'), resolved('r1', 'p1'), opened('r1', 'c-r1-2')])
      .when(claim('p2'))
      .then([resolved('r1', 'p2')]);
  });
});
