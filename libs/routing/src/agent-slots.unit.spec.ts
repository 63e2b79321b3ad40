import fc from 'fast-check';
import { AppError } from '@pagedesk/shared';
import {
  CLAIM_TTL_MS,
  decideAgentSlots,
  evolveAgentSlots,
  initialAgentSlots,
  type AgentSlotsCommand,
  type AgentSlotsEvent,
  type ClaimSeen,
} from './agent-slots';

const NOW = Date.parse('2026-12-01T12:00:00.000Z');
const at = (ms: number) => ({ now: new Date(ms).toISOString() });

const claim = (
  conversationId: string,
  options: {
    capacity?: number;
    held?: string[];
    seen?: Record<string, ClaimSeen>;
    now?: number;
  } = {},
): AgentSlotsCommand => ({
  type: 'ClaimSlot',
  data: {
    conversationId,
    capacity: options.capacity ?? 1,
    held: options.held ?? [],
    seen: options.seen ?? {},
  },
  metadata: at(options.now ?? NOW),
});

const claimed = (conversationId: string, when = NOW, released: string[] = []): AgentSlotsEvent => ({
  type: 'AgentSlotClaimed',
  data: { conversationId, at: when, released },
});

const given = (history: readonly AgentSlotsEvent[]) => ({
  when: (command: AgentSlotsCommand) => {
    const run = () =>
      decideAgentSlots(command, history.reduce(evolveAgentSlots, initialAgentSlots()));
    return {
      then: (expected: readonly AgentSlotsEvent[]) => expect(run()).toEqual(expected),
      thenAtCapacity: () => {
        let thrown: unknown;
        try {
          run();
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(AppError);
        expect((thrown as AppError).code).toBe('capacity');
      },
    };
  },
});

describe('agent slots', () => {
  it('claims a free slot', () => {
    given([])
      .when(claim('c1'))
      .then([claimed('c1')]);
  });

  it('refuses a second chat while the first claim is on its way (another node claimed it)', () => {
    given([claimed('c1')])
      .when(claim('c2'))
      .thenAtCapacity();
  });

  it('counts the chats the routing book shows held, claimed or not', () => {
    given([])
      .when(claim('c2', { held: ['c0'] }))
      .thenAtCapacity();
    given([claimed('c0')])
      .when(claim('c2', { capacity: 2, held: ['c0'], seen: { c0: 'held' } }))
      .then([claimed('c2')]);
  });

  it('frees the slot of a claim whose chat is over, and drops that claim', () => {
    given([claimed('c1')])
      .when(claim('c2', { seen: { c1: 'over' } }))
      .then([claimed('c2', NOW, ['c1'])]);
  });

  it('a claim neither held nor over stops counting after the TTL (its node died on the way)', () => {
    given([claimed('c1', NOW - CLAIM_TTL_MS + 1)])
      .when(claim('c2'))
      .thenAtCapacity();
    given([claimed('c1', NOW - CLAIM_TTL_MS)])
      .when(claim('c2'))
      .then([claimed('c2', NOW, ['c1'])]);
  });

  it('a held chat counts however old its claim', () => {
    given([claimed('c1', NOW - 10 * CLAIM_TTL_MS)])
      .when(claim('c2', { seen: { c1: 'held' } }))
      .thenAtCapacity();
  });

  it('claiming again the chat already claimed does not count it twice', () => {
    given([claimed('c1')])
      .when(claim('c1'))
      .then([claimed('c1')]);
  });

  it('a release hands the slot back; releasing what is not claimed records nothing', () => {
    const release: AgentSlotsCommand = {
      type: 'ReleaseSlot',
      data: { conversationId: 'c1' },
      metadata: at(NOW),
    };
    given([claimed('c1')])
      .when(release)
      .then([{ type: 'AgentSlotReleased', data: { conversationId: 'c1' } }]);
    given([]).when(release).then([]);
    given([claimed('c1'), { type: 'AgentSlotReleased', data: { conversationId: 'c1' } }])
      .when(claim('c2'))
      .then([claimed('c2')]);
  });

  it('claims decided one after another on the stream never exceed capacity, whatever their order', () => {
    // Each node claims on the stream's newest state (expected revision); its book may know nothing.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5', 'c6'), { maxLength: 12 }),
        (capacity, attempts) => {
          let state = initialAgentSlots();
          for (const id of attempts) {
            try {
              const events = decideAgentSlots(claim(id, { capacity }), state);
              state = events.reduce(evolveAgentSlots, state);
            } catch (error) {
              expect((error as AppError).code).toBe('capacity');
            }
          }
          expect(state.claims.length).toBe(Math.min(capacity, new Set(attempts).size));
        },
      ),
    );
  });
});
