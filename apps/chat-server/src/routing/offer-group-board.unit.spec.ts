import { OfferGroupBoard } from './offer-group-board';

describe('OfferGroupBoard', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  const agents = ['a', 'b', 'c'].map((agentId) => ({ agentId, free: 1 }));
  const decision = (waiting: string[]) => ({
    waiting: waiting.map((conversationId) => ({ conversationId, since: 0 })),
    agents,
    size: 1,
    ringMs: 1_000,
    now: Date.now(),
  });

  it('keeps one timer per queue for its next widening, and none once nothing waits', () => {
    const widen = jest.fn();
    const board = new OfferGroupBoard(widen);
    expect(board.update('t', 'q', decision(['c1']))).toEqual(['a']);
    // Another change before the ring: still one timer, for the same moment.
    expect(board.update('t', 'q', decision(['c1']))).toEqual([]);
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(999);
    expect(widen).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(widen).toHaveBeenCalledWith('t', 'q');
    expect(board.update('t', 'q', decision(['c1']))).toEqual(['b']);
    expect(board.offersOf('b')).toEqual(['c1']);
    expect(board.update('t', 'q', decision([]))).toEqual(['a', 'b']);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('counts the slots other queues’ groups fill, and gives a dropped queue’s agents back', () => {
    const board = new OfferGroupBoard(() => undefined);
    board.update('t', 'q1', decision(['c1']));
    board.update('t', 'q2', decision(['c2']));
    expect(board.shownElsewhere('a', 't', 'q1')).toBe(1);
    expect(board.offersOf('a')).toEqual(['c1', 'c2']);
    expect(board.drop('t', 'q2')).toEqual(['a']);
    expect(board.offersOf('a')).toEqual(['c1']);
    board.clear();
    expect(jest.getTimerCount()).toBe(0);
  });
});
