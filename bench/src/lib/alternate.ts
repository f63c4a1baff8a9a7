import { RUNS, SMOKE } from './stats.js';

/**
 * Runs every variant once to warm up, then `runs` rounds in which each variant runs once, the
 * order rotated by one each round (raw, omni; omni, raw; ...), so neither side always runs
 * first, after a GC, or right behind the other's garbage; `firstRound` continues the rotation
 * of an earlier call. Returns each variant's results in the order they were measured.
 */
export async function alternate<K extends string, T>(
  variants: Record<K, () => Promise<T>>,
  runs = RUNS,
  firstRound = 0,
): Promise<Record<K, T[]>> {
  const names = Object.keys(variants) as K[];
  if (!SMOKE) for (const name of names) await variants[name]();
  const results = Object.fromEntries(names.map((name) => [name, [] as T[]])) as Record<K, T[]>;
  for (let round = 0; round < runs; round += 1) {
    for (let i = 0; i < names.length; i += 1) {
      const name = names[(i + round + firstRound) % names.length]!;
      results[name].push(await variants[name]());
    }
  }
  return results;
}

/** Resolves on the next turn of the event loop, after pending I/O. */
export function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
