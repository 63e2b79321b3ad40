import type { Provider } from '@nestjs/common';
import { WORK_LEASE } from '../cluster/work-lease';
import type { Lease } from '../cluster/lease';

/**
 * "May this node act as the work-lease holder right now?", asked right
 * before each side effect outside the log that a one-node part makes (a
 * Graph API call). The lease-loss timer stops those parts, but a holder
 * frozen past its local deadline may, on resuming, run a lane's retry timer
 * first: this check is what keeps that call from going out after another
 * node took over (docs/postgres.md, "Fencing Facebook calls").
 */
export type MayAct = () => boolean;

/** The fence of this thread's work lease; null on a single node, where nothing is fenced. */
export const WORK_FENCE = Symbol('WORK_FENCE');

export const workFenceProvider: Provider = {
  provide: WORK_FENCE,
  inject: [WORK_LEASE],
  useFactory: (lease: Lease | null): MayAct | null => lease && (() => lease.held),
};
