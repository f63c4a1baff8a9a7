import { SMOKE, RUNS, p50p99 } from './stats.js';

/** One side of a round-trip measurement, connected: `trip()` sends and resolves once the echo was read. */
export interface EchoSide {
  trip(): Promise<unknown>;
  close(): Promise<unknown> | void;
}

/** The p50 and p99 of one side's round trips in one run. */
export interface RoundTripPercentiles {
  p50: number;
  p99: number;
}

/**
 * Round trips of every side, interleaved: each round does one round trip per side, the order
 * rotated every round, so the sides share the machine's state (which core the scheduler woke,
 * the clock frequency, other load) round by round instead of run by run. Each of `runs` runs
 * opens fresh sides (after one warm-up run) and gives each side's p50 and p99 of `rounds` round
 * trips, in `unit` (µs: 1000, ms: 1 per ms of `performance.now()`).
 */
export async function interleavedRoundTrips<K extends string>(
  open: Record<K, () => Promise<EchoSide>>,
  rounds: number,
  unit: number,
  runs = RUNS,
): Promise<Record<K, RoundTripPercentiles[]>> {
  return interleavedRuns(open, rounds, runs, undefined, (times) => p50p99(times.map((ms) => ms * unit)));
}

/**
 * Calls per second of every side, interleaved round by round as {@link interleavedRoundTrips}
 * does: each run times `rounds` calls per side (one per side and round, the order rotated) and
 * gives `rounds` divided by the side's summed call time. For calls that each wait on a server,
 * where the server's state drifts between runs (a database's caches and background merges): one
 * run per side in turn would let that drift land on one side. `beforeRun` runs untimed before each.
 */
export async function interleavedRates<K extends string>(
  open: Record<K, () => Promise<EchoSide>>,
  rounds: number,
  beforeRun?: () => Promise<unknown>,
  runs = RUNS,
): Promise<Record<K, number[]>> {
  return interleavedRuns(open, rounds, runs, beforeRun, (times) => {
    let total = 0;
    for (const ms of times) total += ms;
    return times.length / (total / 1000);
  });
}

async function interleavedRuns<K extends string, R>(
  open: Record<K, () => Promise<EchoSide>>,
  rounds: number,
  runs: number,
  beforeRun: (() => Promise<unknown>) | undefined,
  summary: (times: number[]) => R,
): Promise<Record<K, R[]>> {
  const names = Object.keys(open) as K[];
  const results = Object.fromEntries(names.map((name) => [name, [] as R[]])) as Record<K, R[]>;
  for (let run = SMOKE ? 0 : -1; run < runs; run += 1) {
    await beforeRun?.();
    const measured = await oneRun(open, names, rounds, run);
    if (run >= 0) for (const name of names) results[name].push(summary(measured.get(name)!));
  }
  return results;
}

/** Each side's call times of one run, in ms. */
async function oneRun<K extends string>(
  open: Record<K, () => Promise<EchoSide>>,
  names: readonly K[],
  rounds: number,
  run: number,
): Promise<Map<K, number[]>> {
  const sides = new Map<K, EchoSide>();
  try {
    for (const name of names) sides.set(name, await open[name]());
    const times = new Map<K, number[]>(names.map((name) => [name, []]));
    for (let round = 0; round < rounds; round += 1) {
      for (let i = 0; i < names.length; i += 1) {
        const name = names[(i + round + Math.max(run, 0)) % names.length]!;
        const started = performance.now();
        await sides.get(name)!.trip();
        times.get(name)!.push(performance.now() - started);
      }
    }
    return times;
  } finally {
    for (const side of sides.values()) await side.close();
  }
}

/** What {@link connectionEcho} needs of an omnidial connection. */
interface EchoConnection {
  write(data: string): Promise<unknown>;
  read(): Promise<unknown>;
  close(): Promise<unknown>;
}

/** An omnidial connection that receives what it sends as an echo side: `await write()` then `await read()`. */
export function connectionEcho(conn: EchoConnection, message: string): EchoSide {
  return {
    trip: async () => {
      await conn.write(message);
      return conn.read();
    },
    close: () => conn.close(),
  };
}
