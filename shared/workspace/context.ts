import type { Actor } from '../schema/actor';
import { newId } from '../ids';

/**
 * What every mutation needs besides the doc: who is acting, the clock and an id source. Injected so
 * tests and simulations are deterministic, and so the transaction origin can mark local edits.
 */
export interface MutationContext {
  actor: Actor;
  now: () => string;
  newId: (prefix: string) => string;
  /** Passed as the Yjs transaction origin (lets persistence and sync tell local edits apart). */
  origin?: unknown;
}

export function createMutationContext(actor: Actor, origin?: unknown): MutationContext {
  return { actor, now: () => new Date().toISOString(), newId, origin };
}
