// How a domain declares its methods: the argument schema is the type (zod inference), so the check that
// App.call runs and the type a caller compiles against cannot drift. Results are plain interfaces: the
// backend produces them, so they are typed, not checked.
import { z } from 'zod';

/** One method: its argument schema and (at the type level only) its result. */
export interface MethodSpec<A extends z.ZodType = z.ZodType, R = unknown> {
  readonly args: A;
  /** Never set at run time; carries the result type. */
  readonly result?: R;
}

/** `method(schema).returns<Result>()` */
export function method<A extends z.ZodType>(args: A) {
  return { returns: <R>(): MethodSpec<A, R> => ({ args }) };
}

/** A method without arguments: transports send nothing, `null` (JSON) or `undefined`. */
export const noArgs = z.union([z.undefined(), z.null()]);

/** Arguments that may be left out entirely (all their fields are optional). */
export function optionalArgs<T extends z.ZodType>(schema: T) {
  return schema.nullish();
}

/** A non-empty string without surrounding space rules: ids, names, paths. */
export const text = z.string().min(1, 'must not be empty');
/** A whole number ≥ 0. */
export const count = z.number().int().nonnegative();
export const finite = z.number().finite();
