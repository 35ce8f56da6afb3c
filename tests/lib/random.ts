/**
 * A seeded PRNG (mulberry32) so a failing random test can be replayed: tests print the seed and read
 * it back from EVIDENT_SEED (yjs `tests/testHelper.js` and lib0 `testing.js` do the same).
 */
export function createRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed,
    next,
    int: (min: number, maxInclusive: number) => min + Math.floor(next() * (maxInclusive - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}
export type Random = ReturnType<typeof createRandom>;

/** Seeds for a run: EVIDENT_SEED replays one; otherwise `count` fresh ones. */
export function seedsFor(count: number): number[] {
  const fixed = process.env.EVIDENT_SEED;
  if (fixed) return [Number(fixed)];
  const base = Date.now() % 1_000_000;
  return Array.from({ length: count }, (_, i) => base + i * 7919);
}
