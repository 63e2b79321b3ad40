import type { Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from '../config/env';
import { PROCESS_ROLE, runsProcessing, type ProcessRole } from '../processing/process-role';
import { PgLease, PROCESSING_LEASE } from './pg-lease';

/** The lease under which this node runs the log's side effects (reactors, outbox, scheduler); null: the only node. */
export const WORK_LEASE = Symbol('WORK_LEASE');

export const workLeaseProvider: Provider = {
  provide: WORK_LEASE,
  inject: [ConfigService, PROCESS_ROLE],
  useFactory: (config: ConfigService<Env, true>, role: ProcessRole): PgLease | null => {
    const url = config.get('DATABASE_URL', { infer: true });
    return url && runsProcessing(role) ? new PgLease(url, PROCESSING_LEASE) : null;
  },
};
