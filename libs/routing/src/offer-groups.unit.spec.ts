import { offerGroups, type OfferGroupInput } from './offer-groups';

const RING = 20_000;
const chats = (...ids: string[]) => ids.map((conversationId) => ({ conversationId, since: 0 }));
const agents = (free: number, ...ids: string[]) => ids.map((agentId) => ({ agentId, free }));

function decide(input: Partial<OfferGroupInput> & Pick<OfferGroupInput, 'waiting' | 'agents'>) {
  const decided = offerGroups({ size: 1, ringMs: RING, now: 0, previous: new Map(), ...input });
  return { ...decided, groups: Object.fromEntries(decided.groups) };
}

describe('offer groups', () => {
  it('shows different chats to different agents, oldest first', () => {
    expect(
      decide({ waiting: chats('c1', 'c2', 'c3'), agents: agents(2, 'a', 'b') }).groups,
    ).toEqual({ c1: ['a'], c2: ['b'], c3: ['a'] });
  });

  it('puts each chat on at most size screens, and no agent over their free slots', () => {
    const { groups } = decide({
      waiting: chats('c1', 'c2'),
      agents: [...agents(1, 'a', 'b', 'c'), ...agents(0, 'd')],
      size: 2,
    });
    expect(groups).toEqual({ c1: ['a', 'b'], c2: ['c'] });
  });

  it('keeps a group when something unrelated changes', () => {
    const before = decide({ waiting: chats('c1', 'c2'), agents: agents(1, 'a', 'b', 'c') });
    // A newer chat arrives and agent c (idle longest, listed first now) gets ready again.
    const after = decide({
      waiting: chats('c1', 'c2', 'c3'),
      agents: agents(1, 'c', 'a', 'b'),
      previous: new Map(Object.entries(before.groups)),
    });
    expect(after.groups).toEqual({ ...before.groups, c3: ['c'] });
  });

  it('gives an accepted chat’s agent the next one waiting', () => {
    const waiting = chats('c1', 'c2', 'c3');
    const before = decide({ waiting, agents: agents(1, 'a', 'b') });
    expect(before.groups).toEqual({ c1: ['a'], c2: ['b'] });
    // b accepts c2: b has no free slot left, c2 no longer waits.
    const after = decide({
      waiting: chats('c1', 'c3'),
      agents: [...agents(1, 'a'), ...agents(0, 'b')],
      previous: new Map(Object.entries(before.groups)),
    });
    expect(after.groups).toEqual({ c1: ['a'] });
    // And when a leaves c1 to a colleague's accept elsewhere, a gets c3.
    expect(
      decide({
        waiting: chats('c3'),
        agents: agents(1, 'a'),
        previous: new Map(Object.entries(after.groups)),
      }).groups,
    ).toEqual({ c3: ['a'] });
  });

  it('widens an unaccepted chat’s group by size more agents each ring, and says when', () => {
    const input = {
      waiting: chats('c1'),
      agents: agents(1, 'a', 'b', 'c', 'd', 'e'),
      size: 2,
    };
    const first = decide(input);
    expect(first).toEqual({ groups: { c1: ['a', 'b'] }, widensAt: RING });
    const previous = new Map(Object.entries(first.groups));
    expect(decide({ ...input, previous, now: RING - 1 }).groups).toEqual(first.groups);
    const second = decide({ ...input, previous, now: RING });
    expect(second).toEqual({ groups: { c1: ['a', 'b', 'c', 'd'] }, widensAt: 2 * RING });
    // Everyone with room sees it: no ring would change anything.
    expect(decide({ ...input, previous, now: 2 * RING })).toEqual({
      groups: { c1: ['a', 'b', 'c', 'd', 'e'] },
      widensAt: null,
    });
  });

  it('sets no ring when nobody else has room', () => {
    expect(decide({ waiting: chats('c1', 'c2'), agents: agents(1, 'a') })).toEqual({
      groups: { c1: ['a'] },
      widensAt: null,
    });
  });
});
