import type { Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from '../config/env';
import { PROCESS_ROLE, runsProcessing, type ProcessRole } from '../processing/process-role';
import type { Lease } from './lease';

/** The lease under which this node runs the log's side effects (reactors, outbox, scheduler); null: the only node. */
export const WORK_LEASE = Symbol('WORK_LEASE');

export const workLeaseProvider: Provider = {
  provide: WORK_LEASE,
  inject: [ConfigService, PROCESS_ROLE],
  useFactory: async (
    config: ConfigService<Env, true>,
    role: ProcessRole,
  ): Promise<Lease | null> => {
    const url = config.get('DATABASE_URL', { infer: true });
    if (!url || !runsProcessing(role)) return null;
    // Required only here: a node on SQLite never loads the pg client (start-up, in each thread).
    const [{ makeLease }, { PROCESSING_LEASE }] = await Promise.all([
      import('./lease-factory'),
      import('./lease'),
    ]);
    return makeLease(config, url, PROCESSING_LEASE);
  },
};
