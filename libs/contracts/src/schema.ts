import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** `T | null`, as JSON carries an absent value the server knows about. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** A closed object: a field the contract does not name fails validation, so drift is caught. */
export const Closed: typeof Type.Object = ((
  properties: Parameters<typeof Type.Object>[0],
  options = {},
) => Type.Object(properties, { additionalProperties: false, ...options })) as typeof Type.Object;

/** Epoch milliseconds. */
export const EpochMs = Type.Number({ description: 'epoch milliseconds' });

/** Values on the wire are never mutated: every contract type is deeply readonly, so readonly domain data fits. */
export type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** The TypeScript type of a contract schema. */
export type Wire<S extends TSchema> = DeepReadonly<Static<S>>;
