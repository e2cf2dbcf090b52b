/**
 * Deterministic randomness for the lab data sets: the same seed gives the same rows (and the same
 * pkids) on every start, so tests and benchmarks can name objects without looking them up.
 * mulberry32 (public-domain 32-bit PRNG) is plenty for synthetic directory data.
 */

/** A seeded source of numbers and CUCM-style identifiers. */
export interface LabRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** One element of `items`. */
  pick<T>(items: readonly T[]): T;
  /** A lowercase UUID without braces, as CUCM stores pkids. */
  uuid(): string;
}

/** Creates a generator for `seed`. */
export function createRandom(seed: number): LabRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const hex = (n: number): string => {
    let out = "";
    for (let i = 0; i < n; i++) out += Math.floor(next() * 16).toString(16);
    return out;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[Math.floor(next() * 4)]}${hex(3)}-${hex(12)}`,
  };
}
