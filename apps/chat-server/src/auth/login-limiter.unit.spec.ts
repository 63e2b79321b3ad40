import { AttemptWindow, LoginLimiter, type LoginAttempt } from './login-limiter';

describe('AttemptWindow', () => {
  it('blocks after the limit until the oldest counted attempt leaves the window', () => {
    const window = new AttemptWindow(3, 1000);
    window.count('k', 0);
    window.count('k', 100);
    expect(window.blockedFor('k', 200)).toBe(0);
    window.count('k', 200);
    expect(window.blockedFor('k', 300)).toBe(700);
    expect(window.blockedFor('k', 1000)).toBe(0);
    expect(window.blockedFor('other', 300)).toBe(0);
    window.refund('k', 200);
    expect(window.blockedFor('k', 300)).toBe(0);
  });

  it('keeps memory bounded under many keys', () => {
    const window = new AttemptWindow(1, 1000, 10);
    for (let i = 0; i < 100; i++) window.count(`k${i}`, i);
    expect(window.blockedFor('k99', 100)).toBeGreaterThan(0);
    expect(window.blockedFor('k0', 100)).toBe(0);
  });
});

describe('LoginLimiter', () => {
  let now = 0;
  const limits = { perAccountAndAddress: 2, perAddress: 3, perAccount: 4, windowMs: 60_000 };
  const passes = (limiter: LoginLimiter, account: string, address: string) =>
    'succeeded' in limiter.begin(account, address);

  beforeEach(() => {
    now = 0;
  });

  it('counts before the outcome is known: attempts in flight use up the budget', () => {
    const limiter = new LoginLimiter(limits, () => now);
    expect([1, 2, 3].map(() => passes(limiter, 'a@x', '1.1.1.1'))).toEqual([true, true, false]);
    expect(limiter.begin('a@x', '1.1.1.1')).toEqual({ waitMs: 60_000 });
  });

  it('a stranger locks only their own address out of an account', () => {
    const limiter = new LoginLimiter(limits, () => now);
    passes(limiter, 'a@x', '6.6.6.6');
    passes(limiter, 'a@x', '6.6.6.6');
    expect(passes(limiter, 'a@x', '6.6.6.6')).toBe(false);
    expect(passes(limiter, 'a@x', '1.1.1.1')).toBe(true);
  });

  it('caps guessing spread over addresses per account, and spraying per address', () => {
    const limiter = new LoginLimiter(limits, () => now);
    for (const address of ['1', '2', '3', '4']) expect(passes(limiter, 'a@x', address)).toBe(true);
    expect(passes(limiter, 'a@x', '5')).toBe(false);
    for (const account of ['b', 'c']) expect(passes(limiter, account, '9')).toBe(true);
    expect(passes(limiter, 'd', '9')).toBe(true);
    expect(passes(limiter, 'e', '9')).toBe(false);
    now = 60_001;
    expect(passes(limiter, 'a@x', '5')).toBe(true);
    expect(passes(limiter, 'e', '9')).toBe(true);
  });

  it('a success gives its attempt back and clears that address’s failures for the account', () => {
    const limiter = new LoginLimiter(limits, () => now);
    passes(limiter, 'a@x', '1');
    const right = limiter.begin('a@x', '1') as LoginAttempt;
    right.succeeded();
    expect(passes(limiter, 'a@x', '1')).toBe(true);
    expect(passes(limiter, 'a@x', '1')).toBe(true);
    expect(passes(limiter, 'a@x', '1')).toBe(false);
  });
});
