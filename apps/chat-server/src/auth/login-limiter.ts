/**
 * Counts login attempts in a sliding window, per key. In memory on purpose:
 * it protects one process and forgets on restart; a deployment of several
 * processes multiplies the budgets by their number (see docs/auth.md).
 */
export class AttemptWindow {
  private readonly attempts = new Map<string, number[]>();

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

  count(key: string, now: number): void {
    if (!this.attempts.has(key) && this.attempts.size >= this.maxKeys) this.evict(now);
    this.attempts.set(key, [...this.recent(key, now), now]);
  }

  /** Gives back one attempt counted at `at` (a login that turned out right). */
  refund(key: string, at: number): void {
    const times = this.attempts.get(key);
    const index = times?.lastIndexOf(at) ?? -1;
    if (index >= 0) times!.splice(index, 1);
  }

  clear(key: string): void {
    this.attempts.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.attempts.get(key) ?? []).filter((t) => t > now - this.windowMs);
  }

  /** Bounded memory under a spray of made-up accounts: drop expired keys, then the oldest. */
  private evict(now: number): void {
    for (const [key, times] of this.attempts)
      if (times.every((t) => t <= now - this.windowMs)) this.attempts.delete(key);
    if (this.attempts.size >= this.maxKeys) {
      const oldest = this.attempts.keys().next().value;
      if (oldest !== undefined) this.attempts.delete(oldest);
    }
  }
}

export interface LoginLimits {
  /** One account from one address: what a single guesser gets, and the only lock they can cause. */
  readonly perAccountAndAddress: number;
  /** One address across accounts: password spraying. */
  readonly perAddress: number;
  /** One account from anywhere: caps guessing spread over many addresses. */
  readonly perAccount: number;
  readonly windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perAccountAndAddress: 5,
  perAddress: 20,
  perAccount: 50,
  windowMs: 15 * 60_000,
};

/** An attempt that passed the budgets; it is counted already and must be settled. */
export interface LoginAttempt {
  succeeded(): void;
}

/**
 * Every attempt is counted in all three budgets *before* the password is
 * checked, so concurrent guesses cannot all slip past a count that only a
 * failure would raise. A success gives its attempt back and clears the
 * account's failures from that address. A stranger who guesses wrong locks
 * only their own address out of the account; locking the account for
 * everyone takes `perAccount` attempts from ≥ perAccount / perAccountAndAddress
 * addresses, and lasts until they leave the window.
 */
export class LoginLimiter {
  private readonly pairs: AttemptWindow;
  private readonly addresses: AttemptWindow;
  private readonly accounts: AttemptWindow;

  constructor(
    limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
    private readonly clock: () => number = Date.now,
  ) {
    this.pairs = new AttemptWindow(limits.perAccountAndAddress, limits.windowMs);
    this.addresses = new AttemptWindow(limits.perAddress, limits.windowMs);
    this.accounts = new AttemptWindow(limits.perAccount, limits.windowMs);
  }

  /** Counts the attempt and lets it through, or answers how many milliseconds to wait (nothing counted). */
  begin(account: string, address: string): LoginAttempt | { readonly waitMs: number } {
    const now = this.clock();
    const pair = `${account}\n${address}`;
    const waitMs = Math.max(
      this.pairs.blockedFor(pair, now),
      this.addresses.blockedFor(address, now),
      this.accounts.blockedFor(account, now),
    );
    if (waitMs > 0) return { waitMs };
    this.pairs.count(pair, now);
    this.addresses.count(address, now);
    this.accounts.count(account, now);
    return {
      succeeded: () => {
        this.pairs.clear(pair);
        this.addresses.refund(address, now);
        this.accounts.refund(account, now);
      },
    };
  }
}
