import { AppError } from '@pagedesk/shared';
import type { Decider } from '@pagedesk/event-store';
import type { TenantEvent } from './events';

export interface TenantState {
  readonly tenantId: string;
  readonly name: string;
}

export type TenantCommand = { readonly type: 'CreateTenant'; readonly data: TenantState };

export const tenantDecider: Decider<TenantState | null, TenantCommand, TenantEvent> = {
  decide: (command, state) => {
    if (state) throw new AppError('conflict', `tenant ${command.data.tenantId} already exists`);
    return [{ type: 'TenantCreated', data: command.data }];
  },
  evolve: (_state, event) => ({ ...event.data }),
  initialState: () => null,
};
