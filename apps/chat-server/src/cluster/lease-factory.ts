import type { ConfigService } from '@nestjs/config';
import type { Env } from '../config/env';
import type { Lease, LeaseId } from './lease';
import { PgLease } from './pg-lease';
import { RowLease } from './row-lease';

/** The lease CLUSTER_LEASE names, with the configured timing (docs/postgres.md, "Lease"). */
export function makeLease(config: ConfigService<Env, true>, url: string, id: LeaseId): Lease {
  const timing = {
    ttlMs: config.get('CLUSTER_LEASE_TTL_MS', { infer: true }),
    renewMs: config.get('CLUSTER_LEASE_RENEW_MS', { infer: true }),
  };
  if (config.get('CLUSTER_LEASE', { infer: true }) === 'row') return new RowLease(url, id, timing);
  // A session advisory lock needs a session: the direct connection when there is one.
  return new PgLease(config.get('DATABASE_SESSION_URL', { infer: true }) ?? url, id, timing);
}
