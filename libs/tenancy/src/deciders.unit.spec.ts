import { decideQueue } from './queue-decider';
import { decideUser, type UserState } from './user-decider';

const user: UserState = {
  userId: 'u1',
  tenantId: 't1',
  email: 'a@t1.test',
  displayName: 'A',
  role: 'agent',
  passwordHash: 'scrypt$…',
  maxChats: 4,
  disabled: false,
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
});
