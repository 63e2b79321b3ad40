/** Narrow readers for untrusted webhook JSON: anything of the wrong type reads as absent. */
export type RawObject = { readonly [key: string]: unknown };

export const asObject = (value: unknown): RawObject | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as RawObject)
    : undefined;

export const asString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

export const asNumber = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** Facebook ids arrive as strings, but some (app_id, sticker_id) as numbers too. */
export const asId = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== ''
    ? value
    : typeof value === 'number' && Number.isSafeInteger(value)
      ? String(value)
      : undefined;
