/**
 * Counts failed logins in a sliding window, per key (an account, an address).
 * In memory on purpose: it protects one process and forgets on restart; a
 * deployment of several processes divides the budget by nothing and
 * multiplies it by their number (see docs/auth.md).
 */
export class FailureWindow {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys = 100_000,
  ) {}

  /** Milliseconds until the key may try again, or 0 when it may now. */
  blockedFor(key: string, now: number): number {
    const recent = this.recent(key, now);
    return recent.length < this.limit
      ? 0
      : recent[recent.length - this.limit]! + this.windowMs - now;
  }

  fail(key: string, now: number): void {
    if (!this.failures.has(key) && this.failures.size >= this.maxKeys) this.evict(now);
    this.failures.set(key, [...this.recent(key, now), now]);
  }

  clear(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
  }

  /** Bounded memory under a spray of made-up accounts: drop expired keys, then the oldest. */
  private evict(now: number): void {
    for (const [key, times] of this.failures)
      if (times.every((t) => t <= now - this.windowMs)) this.failures.delete(key);
    if (this.failures.size >= this.maxKeys) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }
}

export interface LoginLimits {
  readonly perAccount: number;
  readonly perAddress: number;
  readonly windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perAccount: 5,
  perAddress: 20,
  windowMs: 15 * 60_000,
};

/** Both budgets must allow a try; a success clears the account's failures, not the address's. */
export class LoginLimiter {
  private readonly accounts: FailureWindow;
  private readonly addresses: FailureWindow;

  constructor(
    limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
    private readonly clock: () => number = Date.now,
  ) {
    this.accounts = new FailureWindow(limits.perAccount, limits.windowMs);
    this.addresses = new FailureWindow(limits.perAddress, limits.windowMs);
  }

  /** Milliseconds to wait, or 0. */
  blockedFor(account: string, address: string): number {
    const now = this.clock();
    return Math.max(
      this.accounts.blockedFor(account, now),
      this.addresses.blockedFor(address, now),
    );
  }

  failed(account: string, address: string): void {
    const now = this.clock();
    this.accounts.fail(account, now);
    this.addresses.fail(address, now);
  }

  succeeded(account: string): void {
    this.accounts.clear(account);
  }
}
