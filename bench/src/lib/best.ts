/** What one throughput-and-latency run of a broker bench measured. */
export interface RunResult {
  /** Messages per second. */
  rate: number;
  /** Round-trip percentiles in ms. */
  p50: number;
  p99: number;
}

/** Alternating runs per side in {@link bestOf}; `BENCH_RUNS` overrides it. */
export const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));

/**
 * Runs `raw` once to warm up, then `raw` and `omnidial` alternately `runs` times each, and keeps
 * each side's best (highest rate, lowest percentiles). On a shared, busy machine a run is slowed
 * by whatever else runs at that moment; alternating exposes both sides to the same conditions,
 * and the best run is the one least disturbed.
 */
export async function bestOf<R extends RunResult>(raw: () => Promise<R>, omnidial: () => Promise<R>, runs = RUNS): Promise<{ raw: R; omni: R }> {
  await raw(); // warm-up
  const raws: R[] = [];
  const omnis: R[] = [];
  for (let i = 0; i < runs; i += 1) {
    raws.push(await raw());
    omnis.push(await omnidial());
  }
  return { raw: best(raws), omni: best(omnis) };
}

function best<R extends RunResult>(results: R[]): R {
  const top = results.reduce((a, b) => (b.rate > a.rate ? b : a));
  return { ...top, p50: Math.min(...results.map((r) => r.p50)), p99: Math.min(...results.map((r) => r.p99)) };
}
