/**
 * How precisely a section's runs fix a row's ratio: a bootstrap interval of the ratio of medians,
 * from the runs kept in measured order (`Stats.samples`). Seeded, so `pnpm bench --render` writes
 * the same RESULTS.md from the same records.
 */
import { medianOfSorted } from './stats.js';
import type { CompareRow } from './types.js';

/** Resamples per interval. */
export const RESAMPLES = 2000;
/** The interval's coverage: the 5th to the 95th percentile of the resampled ratios. */
export const COVERAGE = 0.9;

/** A small seeded generator (mulberry32): the same draws on every render. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The {@link COVERAGE} bootstrap interval of `row`'s ratio (higher is better), or undefined when a
 * side kept no runs or fewer than 5. Rounds are resampled whole when both sides have one run per
 * round (each run stays with the other side's run beside it), each side on its own otherwise.
 */
export function ratioInterval(row: CompareRow): [number, number] | undefined {
  const raw = row.raw.samples;
  const omni = row.omni.samples;
  if (raw === undefined || omni === undefined || raw.length < 5 || omni.length < 5) return undefined;
  const random = seeded(raw.length * 7919 + omni.length);
  const paired = raw.length === omni.length;
  const draw = (series: readonly number[], picks: readonly number[] | undefined): number[] =>
    (picks ?? series.map(() => Math.floor(random() * series.length))).map((i) => series[i]!);
  const ratios: number[] = [];
  for (let i = 0; i < RESAMPLES; i += 1) {
    const picks = paired ? raw.map(() => Math.floor(random() * raw.length)) : undefined;
    const r = medianOfSorted(draw(raw, picks).sort((a, b) => a - b));
    const o = medianOfSorted(draw(omni, picks).sort((a, b) => a - b));
    ratios.push(row.better === 'higher' ? o / r : r / o);
  }
  ratios.sort((a, b) => a - b);
  const tail = (1 - COVERAGE) / 2;
  return [ratios[Math.floor(tail * RESAMPLES)]!, ratios[Math.ceil((1 - tail) * RESAMPLES) - 1]!];
}

/** `0.97×`, followed by its interval when the row kept its runs: `0.97× (0.93–1.01)`. */
export function ratioText(ratio: number, row: CompareRow): string {
  const interval = ratioInterval(row);
  const text = `${ratio.toFixed(2)}×`;
  return interval === undefined ? text : `${text} (${interval[0].toFixed(2)}–${interval[1].toFixed(2)})`;
}
