/**
 * How many times to measure, and what a series of measurements summarises to. `BENCH_SMOKE=1`
 * (the smoke test) shrinks every count so the bench code runs in seconds; `BENCH_RUNS`
 * overrides the alternations per side.
 */

/** True in the smoke test: tiny counts, one run per side, no warm-up. */
export const SMOKE = process.env.BENCH_SMOKE === '1';

/** Measured runs per side (at least 5 outside the smoke test), each side in rotated order. */
export const RUNS = SMOKE ? 1 : Math.max(5, Number(process.env.BENCH_RUNS ?? 5));

/**
 * Client processes per flood variant (ADR 0319), started one set after another, each set kept for
 * {@link RUNS} rounds: a kept process's median carries that one process's draw (how V8 compiled and
 * sized its heap), so a section's figure takes in several. An even number, so that every other
 * set, started in the reverse order, balances the order of any two variants (ADR 0325).
 * `BENCH_FLOOD_PROCESSES` overrides.
 */
export const FLOOD_PROCESSES = SMOKE ? 1 : Math.max(1, Number(process.env.BENCH_FLOOD_PROCESSES ?? 4));

/** Measured runs per side of a flood whose variants run in processes of their own. */
export const FLOOD_RUNS = RUNS * FLOOD_PROCESSES;

/** `n` in a real run; a small fraction of it (at least `min`) in the smoke test. */
export function scaled(n: number, min = 2): number {
  return SMOKE ? Math.max(min, Math.ceil(n / 1000)) : n;
}

/** The median of a series and its spread (lowest and highest run). */
export interface Stats {
  median: number;
  min: number;
  max: number;
  /** How many runs the series holds. */
  runs: number;
  /** The runs in the order they were measured (so a reader can pair each with the other side's). */
  samples?: number[];
}

/** The median of ascending-sorted, non-empty `sorted` (the mean of the middle two for an even count). */
export function medianOfSorted(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median, min and max of `samples` (not modified). */
export function stats(samples: readonly number[]): Stats {
  if (samples.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, runs: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: medianOfSorted(sorted),
    min: sorted[0]!,
    max: sorted.at(-1)!,
    runs: sorted.length,
    samples: [...samples],
  };
}

/** The `p`-th percentile (0..100) of ascending-sorted `sorted`. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** p50 and p99 of `samples` (sorted in place). */
export function p50p99(samples: number[]): { p50: number; p99: number } {
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}
