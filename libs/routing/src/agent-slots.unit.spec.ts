import fc from 'fast-check';
import {
  CLAIM_TTL_MS,
  decideAgentSlots,
  evolveAgentSlots,
  initialAgentSlots,
  type AgentSlotsCommand,
  type AgentSlotsEvent,
  type AgentSlotsEventWithoutMetadata,
  type ClaimSeen,
} from './agent-slots';
import { given, slotsAfter } from './testing/agent-slots-specification';

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

const release = (conversationId: string, when = NOW): AgentSlotsCommand => ({
  type: 'ReleaseSlot',
  data: { conversationId },
  metadata: at(when),
});

const claimed = (conversationId: string, when = NOW, released: string[] = []): AgentSlotsEvent => ({
  type: 'AgentSlotClaimed',
  data: { conversationId, released },
  metadata: at(when),
});

const releasedEvent = (conversationId: string, when = NOW): AgentSlotsEvent => ({
  type: 'AgentSlotReleased',
  data: { conversationId },
  metadata: at(when),
});

const full = (load: string[], capacity = 1) => ({
  reason: 'at_capacity' as const,
  capacity,
  load,
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
      .thenRejected(full(['c1']));
  });

  it('counts the chats the routing book shows held, claimed or not', () => {
    given([])
      .when(claim('c2', { held: ['c0'] }))
      .thenRejected(full(['c0']));
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
      .thenRejected(full(['c1']));
    given([claimed('c1', NOW - CLAIM_TTL_MS)])
      .when(claim('c2'))
      .then([claimed('c2', NOW, ['c1'])]);
  });

  it('a held chat counts however old its claim', () => {
    given([claimed('c1', NOW - 10 * CLAIM_TTL_MS)])
      .when(claim('c2', { seen: { c1: 'held' } }))
      .thenRejected(full(['c1']));
  });

  it('claiming again the chat already claimed renews it without counting it twice; the same claim again records nothing', () => {
    given([claimed('c1', NOW - 1_000)])
      .when(claim('c1'))
      .then([claimed('c1')]);
    given([claimed('c1')])
      .when(claim('c1'))
      .thenNothing();
  });

  it('a release hands the slot back; releasing what is not claimed records nothing', () => {
    given([claimed('c1')])
      .when(release('c1'))
      .then([releasedEvent('c1')]);
    given([]).when(release('c1')).thenNothing();
    given([claimed('c1'), releasedEvent('c1')])
      .when(release('c1'))
      .thenNothing();
    given([claimed('c1'), releasedEvent('c1')])
      .when(claim('c2'))
      .then([claimed('c2')]);
  });

  it('the state says whether any claim is on record', () => {
    expect(slotsAfter([])).toEqual({ status: 'unclaimed' });
    expect(slotsAfter([claimed('c1', NOW - 5)])).toEqual({
      status: 'claimed',
      claims: [{ conversationId: 'c1', at: NOW - 5 }],
    });
    expect(slotsAfter([claimed('c1'), releasedEvent('c1')])).toEqual({ status: 'unclaimed' });
    expect(slotsAfter([claimed('c1'), claimed('c2', NOW, ['c1'])])).toEqual({
      status: 'claimed',
      claims: [{ conversationId: 'c2', at: NOW }],
    });
  });

  it('folds the events written before they carried metadata (the claim time in data.at)', () => {
    const old: AgentSlotsEventWithoutMetadata[] = [
      { type: 'AgentSlotClaimed', data: { conversationId: 'c0', at: NOW - 2_000, released: [] } },
      { type: 'AgentSlotReleased', data: { conversationId: 'c0' } },
      { type: 'AgentSlotClaimed', data: { conversationId: 'c1', at: NOW - 1_000, released: [] } },
    ];
    expect(slotsAfter(old)).toEqual({
      status: 'claimed',
      claims: [{ conversationId: 'c1', at: NOW - 1_000 }],
    });
    given(old)
      .when(claim('c2'))
      .thenRejected(full(['c1']));
    given(old)
      .when(claim('c2', { now: NOW - 1_000 + CLAIM_TTL_MS }))
      .then([claimed('c2', NOW - 1_000 + CLAIM_TTL_MS, ['c1'])]);
    given([...old, claimed('c3')])
      .when(claim('c2', { capacity: 3 }))
      .then([claimed('c2')]);
  });

  it('refuses a command whose time cannot be read, since every claim counts from it', () => {
    const command = { ...claim('c1'), metadata: { now: 'yesterday' } };
    given([]).when(command).thenRejected({ reason: 'invalid_time', now: 'yesterday' });
  });

  it('claims decided one after another on the stream never exceed capacity, whatever their order', () => {
    // Each node claims on the stream's newest state (expected revision); its book may know nothing.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5', 'c6'), { maxLength: 12 }),
        (capacity, attempts) => {
          let state = initialAgentSlots();
          for (const [i, id] of attempts.entries()) {
            const decision = decideAgentSlots(claim(id, { capacity, now: NOW + i }), state);
            if (decision.outcome === 'rejected') {
              expect(decision.rejection).toMatchObject({ reason: 'at_capacity', capacity });
              continue;
            }
            state = decision.events.reduce(evolveAgentSlots, state);
          }
          const claims = state.status === 'claimed' ? state.claims : [];
          expect(claims.length).toBe(Math.min(capacity, new Set(attempts).size));
        },
      ),
    );
  });
});
