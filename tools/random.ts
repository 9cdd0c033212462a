// The one seeded PRNG and the one shuffle for tests and benchmarks (Node and workerd alike: no
// imports, no platform APIs), so a printed seed replays a randomised run exactly.

/** A source of numbers in [0, 1), like Math.random. */
export type Random = () => number;

/** mulberry32: a 32-bit state, tiny, fast, and plenty for shuffling deliveries and drawing delays. */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates, in place (and returned, for chaining): every order equally likely for a fair source. */
export function shuffle<T>(items: T[], random: Random = Math.random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** A seeded generator with the draws the suites use. */
export function prng(seed: number) {
  const next = mulberry32(seed);
  return {
    next,
    /** An integer in [min, max], both included. */
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    shuffle: <T>(items: T[]): T[] => shuffle(items, next),
  };
}

export type Prng = ReturnType<typeof prng>;
