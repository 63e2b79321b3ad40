import { asNumber } from './json-access';

/** 1e12 ms is September 2001 but 1e12 s is year 33658: anything smaller must be seconds. */
const SECONDS_BELOW = 1e12;

export function toEpochMs(value: unknown): number | undefined {
  const n = asNumber(value);
  if (n === undefined || n <= 0) return undefined;
  return n < SECONDS_BELOW ? Math.round(n * 1000) : Math.round(n);
}
