import { AppError } from '@pagedesk/shared';
import type { Decider } from '@pagedesk/event-store';
import type { Role, UserEvent, UserProfileChanges } from './events';

export interface UserState {
  readonly userId: string;
  readonly tenantId: string | null;
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  readonly passwordHash: string;
  readonly maxChats: number;
  readonly disabled: boolean;
  /**
   * Tokens carry the version they were issued under and are refused once it
   * moves: a password change, a disable, a role change or "log out everywhere"
   * ends every session at once (docs/auth.md).
   */
  readonly sessionVersion: number;
}

export type UserCommand =
  | {
      readonly type: 'CreateUser';
      readonly data: Extract<UserEvent, { type: 'UserCreated' }>['data'];
    }
  | { readonly type: 'UpdateUser'; readonly changes: UserProfileChanges }
  | { readonly type: 'ChangePassword'; readonly passwordHash: string }
  | { readonly type: 'DisableUser' }
  | { readonly type: 'EnableUser' }
  | { readonly type: 'RevokeSessions' };

export function evolveUser(state: UserState | null, event: UserEvent): UserState | null {
  switch (event.type) {
    case 'UserCreated':
      return { ...event.data, disabled: false, sessionVersion: 0 };
    case 'UserUpdated': {
      const roleChanged = event.data.changes.role !== undefined;
      return state && { ...revokedIf(state, roleChanged), ...event.data.changes };
    }
    case 'UserPasswordChanged':
      return state && { ...revokedIf(state, true), passwordHash: event.data.passwordHash };
    case 'UserDisabled':
      return state && { ...revokedIf(state, true), disabled: true };
    case 'UserEnabled':
      return state && { ...state, disabled: false };
    case 'UserSessionsRevoked':
      return state && revokedIf(state, true);
    default:
      return exhaustive(event);
  }
}

/** Only what changes becomes an event: a no-op update records nothing. */
export function decideUser(command: UserCommand, state: UserState | null): UserEvent[] {
  if (command.type === 'CreateUser') {
    if (state) throw new AppError('conflict', 'user already exists');
    return [{ type: 'UserCreated', data: command.data }];
  }
  if (!state) throw new AppError('not_found', 'user not found');
  const userId = state.userId;
  switch (command.type) {
    case 'UpdateUser': {
      const changes = Object.fromEntries(
        Object.entries(command.changes).filter(
          ([key, value]) => value !== undefined && state[key as keyof UserState] !== value,
        ),
      ) as UserProfileChanges;
      return Object.keys(changes).length
        ? [{ type: 'UserUpdated', data: { userId, changes } }]
        : [];
    }
    case 'ChangePassword':
      return [
        { type: 'UserPasswordChanged', data: { userId, passwordHash: command.passwordHash } },
      ];
    case 'DisableUser':
      return state.disabled ? [] : [{ type: 'UserDisabled', data: { userId } }];
    case 'EnableUser':
      return state.disabled ? [{ type: 'UserEnabled', data: { userId } }] : [];
    case 'RevokeSessions':
      return [{ type: 'UserSessionsRevoked', data: { userId } }];
    default:
      return exhaustive(command);
  }
}

const revokedIf = (state: UserState, revoke: boolean): UserState =>
  revoke ? { ...state, sessionVersion: state.sessionVersion + 1 } : state;

export const userDecider: Decider<UserState | null, UserCommand, UserEvent> = {
  decide: decideUser,
  evolve: evolveUser,
  initialState: () => null,
};

export function exhaustive(value: never): never {
  throw new Error(`unhandled ${JSON.stringify(value)}`);
}
