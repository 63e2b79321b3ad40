import { AppError } from '@pagedesk/shared';
import type { Decider } from '@pagedesk/event-store';
import type { QueueEvent, RoutingMode } from './events';
import { exhaustive } from './user-decider';

export interface QueueState {
  readonly tenantId: string;
  readonly queueId: string;
  readonly name: string;
  readonly routingMode: RoutingMode;
  readonly members: readonly string[];
}

type QueueChanges = Extract<QueueEvent, { type: 'QueueUpdated' }>['data']['changes'];

export type QueueCommand =
  | { readonly type: 'CreateQueue'; readonly data: QueueState }
  | { readonly type: 'UpdateQueue'; readonly changes: QueueChanges };

export function evolveQueue(state: QueueState | null, event: QueueEvent): QueueState | null {
  switch (event.type) {
    case 'QueueCreated':
      return { ...event.data };
    case 'QueueUpdated':
      return state && { ...state, ...event.data.changes };
    default:
      return exhaustive(event);
  }
}

export function decideQueue(command: QueueCommand, state: QueueState | null): QueueEvent[] {
  switch (command.type) {
    case 'CreateQueue':
      if (state) throw new AppError('conflict', `queue ${command.data.queueId} already exists`);
      return [
        { type: 'QueueCreated', data: { ...command.data, members: unique(command.data.members) } },
      ];
    case 'UpdateQueue': {
      if (!state) throw new AppError('not_found', 'queue not found');
      const { name, routingMode, members } = command.changes;
      const changes: { name?: string; routingMode?: RoutingMode; members?: string[] } = {};
      if (name !== undefined && name !== state.name) changes.name = name;
      if (routingMode !== undefined && routingMode !== state.routingMode)
        changes.routingMode = routingMode;
      if (members !== undefined && !sameSet(unique(members), state.members))
        changes.members = unique(members);
      if (Object.keys(changes).length === 0) return [];
      const { tenantId, queueId } = state;
      return [{ type: 'QueueUpdated', data: { tenantId, queueId, changes } }];
    }
    default:
      return exhaustive(command);
  }
}

export const queueDecider: Decider<QueueState | null, QueueCommand, QueueEvent> = {
  decide: decideQueue,
  evolve: evolveQueue,
  initialState: () => null,
};

const unique = (ids: readonly string[]) => [...new Set(ids)];
const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));
