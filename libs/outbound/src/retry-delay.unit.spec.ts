import { retryDelay, throttlePauseMs } from './retry-delay';

const policy = { baseMs: 100, maxMs: 1_000, maxAttempts: 10 };
const headers = (values: Record<string, unknown>) =>
  new Headers(Object.entries(values).map(([k, v]) => [k, JSON.stringify(v)]));

describe('retryDelay', () => {
  it('doubles per try, jittered within the upper half of the step, and stops growing at the cap', () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, policy, () => 0))).toEqual([50, 100, 200, 400]);
    expect([1, 2, 3, 4].map((n) => retryDelay(n, policy, () => 1))).toEqual([100, 200, 400, 800]);
    expect(retryDelay(30, policy, () => 1)).toBe(1_000);
  });
});

describe('throttlePauseMs', () => {
  it("honours Facebook's estimate in the Business Use Case header", () => {
    const usage = {
      '102938475610293': [
        { type: 'messenger', call_count: 100, estimated_time_to_regain_access: 3 },
      ],
    };
    expect(throttlePauseMs(headers({ 'x-business-use-case-usage': usage }), 1_000)).toBe(180_000);
  });

  it('waits the longest backoff when app usage reaches 100 %, not before', () => {
    expect(throttlePauseMs(headers({ 'x-app-usage': { call_count: 100 } }), 1_000)).toBe(1_000);
    expect(throttlePauseMs(headers({ 'x-app-usage': { call_count: 99 } }), 1_000)).toBe(0);
  });

  it('ignores absent or garbled headers', () => {
    expect(throttlePauseMs(null, 1_000)).toBe(0);
    expect(throttlePauseMs(new Headers({ 'x-app-usage': '{oops' }), 1_000)).toBe(0);
  });
});
