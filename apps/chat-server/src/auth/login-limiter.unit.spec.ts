import { FailureWindow, LoginLimiter } from './login-limiter';

describe('FailureWindow', () => {
  it('blocks after the limit until the oldest counted failure leaves the window', () => {
    const window = new FailureWindow(3, 1000);
    window.fail('k', 0);
    window.fail('k', 100);
    expect(window.blockedFor('k', 200)).toBe(0);
    window.fail('k', 200);
    expect(window.blockedFor('k', 300)).toBe(700);
    expect(window.blockedFor('k', 1000)).toBe(0);
    expect(window.blockedFor('other', 300)).toBe(0);
  });

  it('keeps memory bounded under many keys', () => {
    const window = new FailureWindow(1, 1000, 10);
    for (let i = 0; i < 100; i++) window.fail(`k${i}`, i);
    expect(window.blockedFor('k99', 100)).toBeGreaterThan(0);
    expect(window.blockedFor('k0', 100)).toBe(0);
  });
});

describe('LoginLimiter', () => {
  it('counts per account and per address; success clears only the account', () => {
    let now = 0;
    const limiter = new LoginLimiter({ perAccount: 2, perAddress: 3, windowMs: 60_000 }, () => now);
    limiter.failed('a@x', '1.1.1.1');
    limiter.failed('a@x', '2.2.2.2');
    expect(limiter.blockedFor('a@x', '3.3.3.3')).toBe(60_000);
    limiter.succeeded('a@x');
    expect(limiter.blockedFor('a@x', '3.3.3.3')).toBe(0);
    limiter.failed('b@x', '1.1.1.1');
    limiter.failed('c@x', '1.1.1.1');
    expect(limiter.blockedFor('d@x', '1.1.1.1')).toBe(60_000);
    now = 60_001;
    expect(limiter.blockedFor('d@x', '1.1.1.1')).toBe(0);
  });
});
