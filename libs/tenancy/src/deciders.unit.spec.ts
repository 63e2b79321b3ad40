import { decideQueue, evolveQueue } from './queue-decider';
import type { UserEvent } from './events';
import { decideUser, evolveUser, type UserState } from './user-decider';

const user: UserState = {
  userId: 'u1',
  tenantId: 't1',
  email: 'a@t1.test',
  displayName: 'A',
  role: 'agent',
  passwordHash: 'scrypt$…',
  maxChats: 4,
  disabled: false,
  sessionVersion: 0,
};

describe('user decider', () => {
  it('records only what changes', () => {
    expect(
      decideUser({ type: 'UpdateUser', changes: { maxChats: 4, displayName: 'A' } }, user),
    ).toEqual([]);
    expect(
      decideUser({ type: 'UpdateUser', changes: { maxChats: 6, role: undefined } }, user),
    ).toEqual([{ type: 'UserUpdated', data: { userId: 'u1', changes: { maxChats: 6 } } }]);
    expect(decideUser({ type: 'EnableUser' }, user)).toEqual([]);
    expect(decideUser({ type: 'DisableUser' }, user)).toEqual([
      { type: 'UserDisabled', data: { userId: 'u1' } },
    ]);
  });

  it('moves the session version on what must end sessions, and only on that', () => {
    const after = (...events: UserEvent[]) =>
      events.reduce<UserState | null>(evolveUser, user)!.sessionVersion;
    const userId = 'u1';
    expect(after({ type: 'UserUpdated', data: { userId, changes: { maxChats: 2 } } })).toBe(0);
    expect(after({ type: 'UserUpdated', data: { userId, changes: { role: 'admin' } } })).toBe(1);
    expect(after({ type: 'UserPasswordChanged', data: { userId, passwordHash: 'x' } })).toBe(1);
    expect(after({ type: 'UserDisabled', data: { userId } })).toBe(1);
    expect(
      after({ type: 'UserDisabled', data: { userId } }, { type: 'UserEnabled', data: { userId } }),
    ).toBe(1);
    expect(after({ type: 'UserSessionsRevoked', data: { userId } })).toBe(1);
  });

  it('refuses to touch a user that does not exist, or to create one twice', () => {
    expect(() => decideUser({ type: 'DisableUser' }, null)).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
    expect(() => decideUser({ type: 'CreateUser', data: { ...user } }, user)).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
  });
});

describe('queue decider', () => {
  const queue = {
    tenantId: 't1',
    queueId: 'q',
    name: 'Q',
    routingMode: 'offer' as const,
    members: ['a', 'b'],
    offerGroupSize: null,
    offerRingSeconds: 20,
  };

  it('dedupes members and treats the same set in another order as no change', () => {
    expect(
      decideQueue({ type: 'CreateQueue', data: { ...queue, members: ['a', 'a'] } }, null)[0]!.data,
    ).toMatchObject({ members: ['a'] });
    expect(decideQueue({ type: 'UpdateQueue', changes: { members: ['b', 'a'] } }, queue)).toEqual(
      [],
    );
    expect(decideQueue({ type: 'UpdateQueue', changes: { routingMode: 'auto' } }, queue)).toEqual([
      {
        type: 'QueueUpdated',
        data: { tenantId: 't1', queueId: 'q', changes: { routingMode: 'auto' } },
      },
    ]);
  });

  it('loads a queue created before offer groups as classic offers, and records a new group size', () => {
    const { offerGroupSize, offerRingSeconds, ...before } = queue;
    void [offerGroupSize, offerRingSeconds];
    const loaded = evolveQueue(null, { type: 'QueueCreated', data: before });
    expect(loaded).toEqual(queue);
    const events = decideQueue(
      { type: 'UpdateQueue', changes: { offerGroupSize: 3, offerRingSeconds: 20 } },
      loaded,
    );
    expect(events).toEqual([
      {
        type: 'QueueUpdated',
        data: { tenantId: 't1', queueId: 'q', changes: { offerGroupSize: 3 } },
      },
    ]);
    expect(evolveQueue(loaded, events[0]!)).toMatchObject({ offerGroupSize: 3 });
    expect(decideQueue({ type: 'UpdateQueue', changes: { offerGroupSize: null } }, loaded)).toEqual(
      [],
    );
  });
});
