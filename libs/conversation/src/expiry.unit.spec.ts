import type { ConversationEvent } from './events';
import { expiryDeadline } from './expiry';
import { stateAfter } from './testing/decider-specification';
import { GUEST, PSID, T0, closed, customerMessage, started } from './testing/fixtures';

const HOUR = 3_600_000;
const upgraded: ConversationEvent = {
  type: 'GuestUpgraded',
  data: { guestId: GUEST.id, psid: PSID.id, upgradedAt: T0 + HOUR },
};

describe('expiryDeadline', () => {
  it('is 24 h after the latest customer message', () => {
    const state = stateAfter([started(), customerMessage('m_1', T0 + HOUR)]);
    expect(expiryDeadline(state, { humanAgentTagAllowed: false })).toEqual({
      rule: '24h_after_last_customer_message',
      at: T0 + 25 * HOUR,
    });
  });

  it('counts from the start when the customer has not written yet', () => {
    expect(expiryDeadline(stateAfter([started()]), { humanAgentTagAllowed: false })?.at).toBe(
      T0 + 24 * HOUR,
    );
  });

  it('is 7 days after the latest customer message when the human-agent tag is allowed', () => {
    const state = stateAfter([started(), customerMessage('m_1', T0 + HOUR)]);
    expect(expiryDeadline(state, { humanAgentTagAllowed: true })).toEqual({
      rule: '7d_human_agent',
      at: T0 + HOUR + 7 * 24 * HOUR,
    });
  });

  it('is 24 h after the start for a guest, and the normal window once upgraded', () => {
    const guest = [started({ customer: GUEST }), customerMessage('m_1', T0 + 20 * HOUR)];
    expect(expiryDeadline(stateAfter(guest), { humanAgentTagAllowed: true })).toEqual({
      rule: 'guest_24h_after_start',
      at: T0 + 24 * HOUR,
    });
    expect(
      expiryDeadline(stateAfter([...guest, upgraded]), { humanAgentTagAllowed: false }),
    ).toEqual({
      rule: '24h_after_last_customer_message',
      at: T0 + 44 * HOUR,
    });
  });

  it('is null when there is nothing to expire', () => {
    expect(expiryDeadline(stateAfter([]), { humanAgentTagAllowed: false })).toBeNull();
    expect(
      expiryDeadline(stateAfter([started(), closed()]), { humanAgentTagAllowed: false }),
    ).toBeNull();
  });
});
