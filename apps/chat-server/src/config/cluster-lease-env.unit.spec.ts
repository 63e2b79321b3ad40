import { validateEnv } from './env';

describe('cluster lease settings', () => {
  it('default to the advisory lock, a 5 s TTL and a renewal every second', () => {
    const env = validateEnv({});
    expect([env.CLUSTER_LEASE, env.CLUSTER_LEASE_TTL_MS, env.CLUSTER_LEASE_RENEW_MS]).toEqual([
      'advisory',
      5_000,
      1_000,
    ]);
  });

  it('take a lease row, with a 3.5 s TTL unless one is set (its handover is the TTL)', () => {
    const row = validateEnv({ CLUSTER_LEASE: 'row' });
    expect([row.CLUSTER_LEASE, row.CLUSTER_LEASE_TTL_MS, row.CLUSTER_LEASE_RENEW_MS]).toEqual([
      'row',
      3_500,
      1_000,
    ]);
    expect(
      validateEnv({ CLUSTER_LEASE: 'row', CLUSTER_LEASE_TTL_MS: '5000' }).CLUSTER_LEASE_TTL_MS,
    ).toBe(5_000);
  });

  it('hold the row default to the renewal rule: a renewal of half its TTL is refused', () => {
    expect(() => validateEnv({ CLUSTER_LEASE: 'row', CLUSTER_LEASE_RENEW_MS: '1750' })).toThrow(
      'Invalid configuration: CLUSTER_LEASE_RENEW_MS must be less than half of CLUSTER_LEASE_TTL_MS',
    );
  });

  it('refuse an unknown lease kind by name', () => {
    expect(() => validateEnv({ CLUSTER_LEASE: 'redis' })).toThrow(
      /^Invalid configuration: CLUSTER_LEASE must be one of the following values: advisory, row$/,
    );
  });

  it('refuse a renewal interval of half the TTL or more', () => {
    expect(() =>
      validateEnv({ CLUSTER_LEASE_TTL_MS: '4000', CLUSTER_LEASE_RENEW_MS: '2000' }),
    ).toThrow(
      'Invalid configuration: CLUSTER_LEASE_RENEW_MS must be less than half of CLUSTER_LEASE_TTL_MS',
    );
    expect(
      validateEnv({ CLUSTER_LEASE_TTL_MS: '4000', CLUSTER_LEASE_RENEW_MS: '1999' })
        .CLUSTER_LEASE_RENEW_MS,
    ).toBe(1999);
  });
});
