import fc from 'fast-check';
import { groupLimit, offerGroups, type OfferGroupInput } from './offer-groups';

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** A queue's moment: waiting chats oldest first, agents with 0..4 free slots, and groups some earlier decision left. */
const moments = fc
  .record({
    chats: fc.integer({ min: 0, max: 12 }),
    agents: fc.integer({ min: 0, max: 10 }),
    size: fc.integer({ min: 1, max: 5 }),
    ringMs: fc.integer({ min: 1, max: 10_000 }),
  })
  .chain(({ chats, agents, size, ringMs }) =>
    fc.record({
      size: fc.constant(size),
      ringMs: fc.constant(ringMs),
      waits: fc.array(fc.integer({ min: 0, max: 5 * ringMs }), {
        minLength: chats,
        maxLength: chats,
      }),
      free: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: agents, maxLength: agents }),
      // Earlier groups may name agents gone since (x*), or more than the size allows now.
      previous: fc.array(fc.subarray([...ids('a', agents), 'x1', 'x2']), {
        minLength: chats,
        maxLength: chats,
      }),
    }),
  )
  .map(({ size, ringMs, waits, free, previous }): OfferGroupInput => {
    const now = 5 * ringMs;
    const waiting = waits
      .sort((a, b) => b - a)
      .map((wait, i) => ({ conversationId: `c${i}`, since: now - wait }));
    return {
      waiting,
      agents: free.map((n, i) => ({ agentId: `a${i}`, free: n })),
      size,
      ringMs,
      now,
      previous: new Map(waiting.map((c, i) => [c.conversationId, previous[i]!])),
    };
  });

const groupsOf = (input: OfferGroupInput) => offerGroups(input).groups;

describe('offer groups, for any queue', () => {
  it('never shows a chat to more than size × (1 + rings elapsed) agents, or to anyone twice', () => {
    fc.assert(
      fc.property(moments, (input) => {
        for (const chat of input.waiting) {
          const group = groupsOf(input).get(chat.conversationId) ?? [];
          expect(group.length).toBeLessThanOrEqual(
            groupLimit(chat, input.size, input.ringMs, input.now),
          );
          expect(new Set(group).size).toBe(group.length);
        }
      }),
    );
  });

  it('never offers an agent more chats than free slots, nor a chat to an agent not eligible', () => {
    fc.assert(
      fc.property(moments, (input) => {
        const free = new Map(input.agents.map((a) => [a.agentId, a.free]));
        const offers = new Map<string, number>();
        for (const group of groupsOf(input).values())
          for (const agentId of group) offers.set(agentId, (offers.get(agentId) ?? 0) + 1);
        for (const [agentId, n] of offers) expect(n).toBeLessThanOrEqual(free.get(agentId) ?? 0);
      }),
    );
  });

  it('leaves a group short only when every eligible agent outside it is full', () => {
    fc.assert(
      fc.property(moments, (input) => {
        const groups = groupsOf(input);
        const used = new Map<string, number>();
        for (const group of groups.values())
          for (const agentId of group) used.set(agentId, (used.get(agentId) ?? 0) + 1);
        for (const chat of input.waiting) {
          const group = groups.get(chat.conversationId) ?? [];
          if (group.length === groupLimit(chat, input.size, input.ringMs, input.now)) continue;
          for (const agent of input.agents)
            if (!group.includes(agent.agentId))
              expect(used.get(agent.agentId) ?? 0).toBe(agent.free);
        }
      }),
    );
  });

  it('keeps every group when a newer chat arrives, an agent gets ready, or a chat is taken', () => {
    fc.assert(
      fc.property(moments, fc.integer({ min: 0, max: 11 }), (moment, taken) => {
        const settled = { ...moment, previous: groupsOf(moment) };
        const before = groupsOf(settled);
        // Deciding again on the same moment changes nothing.
        expect(before).toEqual(settled.previous);
        const changes: OfferGroupInput[] = [
          {
            ...settled,
            waiting: [...settled.waiting, { conversationId: 'new', since: settled.now }],
          },
          { ...settled, agents: [{ agentId: 'ready', free: 2 }, ...settled.agents] },
          {
            ...settled,
            waiting: settled.waiting.filter((c) => c.conversationId !== `c${taken}`),
          },
        ];
        for (const changed of changes) {
          const after = groupsOf(changed);
          for (const [conversationId, group] of before) {
            if (conversationId === `c${taken}` && changed === changes[2]) continue;
            expect(after.get(conversationId)?.slice(0, group.length)).toEqual(group);
          }
        }
      }),
    );
  });
  it('decides once after chats joined the end of the list what deciding after each gave (Router.settle)', () => {
    fc.assert(
      fc.property(moments, fc.integer({ min: 1, max: 5 }), (moment, joining) => {
        const newcomers = Array.from({ length: joining }, (_, i) => ({
          conversationId: `new${i}`,
          since: moment.now,
        }));
        let stepwise = moment.previous;
        for (let i = 1; i <= joining; i++)
          stepwise = groupsOf({
            ...moment,
            waiting: [...moment.waiting, ...newcomers.slice(0, i)],
            previous: stepwise,
          });
        const once = groupsOf({ ...moment, waiting: [...moment.waiting, ...newcomers] });
        expect(once).toEqual(stepwise);
      }),
    );
  });
});
