import fc from 'fast-check';

/** Keys that have broken JavaScript servers before, mixed into generated objects. */
export const nastyKey = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '',
  '$where',
);
export const hugeString = fc.integer({ min: 1, max: 3 }).map((n) => 'x'.repeat(n * 100_000));
/** Wrong types and odd keys, small enough that several fit in one message. */
export const smallHostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(fc.oneof(nastyKey, fc.string()), fc.jsonValue(), { maxKeys: 6 }),
);
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(smallHostileValue, hugeString);
/** Deep nesting is built as text: as a value it would overflow the generator's own recursion. */
export const deepText = (maxDepth: number) =>
  fc
    .tuple(fc.integer({ min: 50, max: maxDepth }), fc.constantFrom('[', '{"a":'))
    .map(([depth, open]) => open.repeat(depth) + '1' + (open === '[' ? ']' : '}').repeat(depth));

/** JSON.stringify writes generated `__proto__` keys like any other own key, so they reach the server as sent. */
export const toBody = (value: unknown) => JSON.stringify(value);
