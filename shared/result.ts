/**
 * Expected failures are values, not exceptions (after hypothesis `types/port-rpc-calls.d.ts`):
 * callers must look at `ok` before using the value. Throw only for bugs.
 */
export type Result<T, E = string> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });
