export interface RetryPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
  /** Tries in all, the first included; after the last, a transient failure becomes permanent. */
  readonly maxAttempts: number;
}

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half
 * random, so retries keep spreading out while senders that failed together
 * do not retry together. `attempt` is the try that just failed (1-based).
 */
export function retryDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

type UsageHeaders = { get(name: string): string | null };

/**
 * How long Facebook asks us to stay away, from the usage headers it sends
 * with every answer: the Business Use Case header gives an estimate in
 * minutes (honoured in full); the app header only percentages, so at 100 %
 * we wait `capMs`.
 * 0 when nothing is throttled or the headers are absent or garbled.
 */
export function throttlePauseMs(headers: UsageHeaders | null, capMs: number): number {
  if (headers === null) return 0;
  const regainMinutes = businessUseCases(headers.get('x-business-use-case-usage')).map((usage) =>
    Number(usage.estimated_time_to_regain_access ?? 0),
  );
  const fromBusiness = Math.max(0, ...regainMinutes.filter(Number.isFinite)) * 60_000;
  const appUsage = parse(headers.get('x-app-usage'));
  const appPercent = isRecord(appUsage)
    ? Math.max(
        0,
        ...['call_count', 'total_cputime', 'total_time'].map((k) => Number(appUsage[k] ?? 0)),
      )
    : 0;
  const fromApp = appPercent >= 100 ? capMs : 0;
  return Math.max(fromBusiness, fromApp);
}

function businessUseCases(header: string | null): Record<string, unknown>[] {
  const value = parse(header);
  if (!isRecord(value)) return [];
  return Object.values(value)
    .flatMap((entries) => (Array.isArray(entries) ? entries : []))
    .filter(isRecord);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parse(header: string | null): unknown {
  if (header === null) return null;
  try {
    return JSON.parse(header);
  } catch {
    return null;
  }
}
