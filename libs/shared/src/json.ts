export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonArray | JsonObject;
export type JsonArray = readonly JsonValue[];
export type JsonObject = { readonly [key: string]: JsonValue };

const MAX_DEPTH = 64;

/**
 * Returns the path of the first value JSON cannot carry faithfully
 * (undefined, functions, NaN, bigint, class instances, cycles, too deep),
 * or undefined when the value survives JSON.stringify/parse unchanged.
 */
export function findNonJson(
  value: unknown,
  path = '$',
  depth = 0,
  seen = new Set<object>(),
): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (typeof value !== 'object' || depth > MAX_DEPTH || seen.has(value)) return path;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return path;
  seen.add(value);
  const entries = Array.isArray(value)
    ? value.map((v, i) => [String(i), v] as const)
    : Object.entries(value);
  for (const [key, child] of entries) {
    const bad = findNonJson(child, `${path}.${key}`, depth + 1, seen);
    if (bad) return bad;
  }
  seen.delete(value);
  return undefined;
}

export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  findNonJson(value) === undefined;
