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
  const names = Object.keys(open) as K[];
  const results = Object.fromEntries(names.map((name) => [name, [] as RoundTripPercentiles[]])) as Record<
    K,
    RoundTripPercentiles[]
  >;
  for (let run = SMOKE ? 0 : -1; run < runs; run += 1) {
    const measured = await oneRun(open, names, rounds, unit, run);
    if (run >= 0) for (const name of names) results[name].push(measured[name]);
  }
  return results;
}

async function oneRun<K extends string>(
  open: Record<K, () => Promise<EchoSide>>,
  names: readonly K[],
  rounds: number,
  unit: number,
  run: number,
): Promise<Record<K, RoundTripPercentiles>> {
  const sides = new Map<K, EchoSide>();
  try {
    for (const name of names) sides.set(name, await open[name]());
    const times = new Map<K, number[]>(names.map((name) => [name, []]));
    for (let round = 0; round < rounds; round += 1) {
      for (let i = 0; i < names.length; i += 1) {
        const name = names[(i + round + Math.max(run, 0)) % names.length]!;
        const started = performance.now();
        await sides.get(name)!.trip();
        times.get(name)!.push((performance.now() - started) * unit);
      }
    }
    return Object.fromEntries(names.map((name) => [name, p50p99(times.get(name)!)])) as Record<K, RoundTripPercentiles>;
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
