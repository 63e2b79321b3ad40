import { AppError } from '@pagedesk/shared';
import type { Decider } from '@pagedesk/event-store';
import { DEFAULT_OFFER_RING_SECONDS, type QueueEvent, type RoutingMode } from './events';
import { exhaustive } from './user-decider';

export interface QueueState {
  readonly tenantId: string;
  readonly queueId: string;
  readonly name: string;
  readonly routingMode: RoutingMode;
  readonly members: readonly string[];
  readonly offerGroupSize: number | null;
  readonly offerRingSeconds: number;
}

/** What a new queue is given; the offer settings start as classic offers (queues created before them are the same). */
export type NewQueue = Omit<QueueState, 'offerGroupSize' | 'offerRingSeconds'>;

type QueueChanges = Extract<QueueEvent, { type: 'QueueUpdated' }>['data']['changes'];

export type QueueCommand =
  | { readonly type: 'CreateQueue'; readonly data: NewQueue }
  | { readonly type: 'UpdateQueue'; readonly changes: QueueChanges };

export function evolveQueue(state: QueueState | null, event: QueueEvent): QueueState | null {
  switch (event.type) {
    case 'QueueCreated':
      return { offerGroupSize: null, offerRingSeconds: DEFAULT_OFFER_RING_SECONDS, ...event.data };
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
      const { name, routingMode, members, offerGroupSize, offerRingSeconds } = command.changes;
      const changes: Mutable<QueueChanges> = {};
      if (name !== undefined && name !== state.name) changes.name = name;
      if (routingMode !== undefined && routingMode !== state.routingMode)
        changes.routingMode = routingMode;
      if (members !== undefined && !sameSet(unique(members), state.members))
        changes.members = unique(members);
      if (offerGroupSize !== undefined && offerGroupSize !== state.offerGroupSize)
        changes.offerGroupSize = offerGroupSize;
      if (offerRingSeconds !== undefined && offerRingSeconds !== state.offerRingSeconds)
        changes.offerRingSeconds = offerRingSeconds;
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

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
const unique = (ids: readonly string[]) => [...new Set(ids)];
const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));
