/**
 * Variants measured in client processes of their own: flood variants alternated as usual, one
 * process each (lib/flood-client.ts); SQLite's variants, all in one process (lib/sqlite-client.ts).
 */
import { pathToFileURL } from 'node:url';
import { alternate } from './alternate.js';
import { startChild, type Child } from './child.js';
import type { BrokerFloodInput, FloodFamily } from './flood-client.js';
import type { SqliteRuns } from './sqlite-client.js';
import { plainModule } from './plain-module.js';
import { FLOOD_PROCESSES, FLOOD_RUNS, RUNS } from './stats.js';

/** How a flood row's runs were taken, for the sections' notes (one wording for every section). */
export const FLOOD_SETS_NOTE = `${FLOOD_RUNS} runs per side from ${FLOOD_PROCESSES} client processes per variant, one set after another, each kept for ${RUNS} rounds (ADR 0319), every other set started in the reverse order (ADR 0325)`;

/**
 * Each of `names` (variants of `family`, given `input`) alternated as usual, but each in a process
 * of its own: in the bench process, a run shared its heap with the other variants' garbage and
 * with what the sections before it left (ADR 0312, NOTES §18); and as plain JavaScript on plain
 * `node`, not under the bench's TypeScript loader (ADR 0320). `sets` sets of processes (one per
 * variant) run one after another, each kept for `roundsPerSet` rounds, the rotation continuing from
 * set to set (ADR 0319). Every other set starts and rotates its processes in the reverse order: a
 * process started before another one read a unix flood with ~20 % less CPU per MB, whichever
 * variant it ran (ADR 0325). Returns every run of each variant in the order measured.
 */
export async function floodsInOwnProcesses<R, N extends string = string>(
  family: FloodFamily,
  input: object,
  names: readonly N[],
  sets = FLOOD_PROCESSES,
  roundsPerSet = RUNS,
): Promise<Record<N, R[]>> {
  const results = Object.fromEntries(names.map((name) => [name, [] as R[]])) as Record<N, R[]>;
  for (let set = 0; set < sets; set += 1) {
    const order = set % 2 === 0 ? names : [...names].reverse();
    const runs = await floodsInOneSet<R, N>(family, input, order, roundsPerSet, set * roundsPerSet);
    for (const name of names) results[name].push(...runs[name]);
  }
  return results;
}

/** One process per variant, kept for `rounds` rounds from round `firstRound` of the rotation. */
async function floodsInOneSet<R, N extends string>(
  family: FloodFamily,
  input: object,
  names: readonly N[],
  rounds: number,
  firstRound: number,
): Promise<Record<N, R[]>> {
  const script = await plainModule(new URL('./flood-client.ts', import.meta.url));
  const plainInput = family === 'broker' ? await brokerInput(input as BrokerFloodInput) : input;
  const clients: Child<object>[] = [];
  try {
    for (const name of names) clients.push(await startChild(script, [family, name, JSON.stringify(plainInput)]));
    const variants = Object.fromEntries(names.map((name, i) => [name, () => clients[i]!.ask<R>('run')]));
    return (await alternate(variants, rounds, firstRound)) as Record<N, R[]>;
  } finally {
    await Promise.all(clients.map((client) => client.stop()));
  }
}

/** A broker family's input with its section module as plain JavaScript too (ADR 0320). */
async function brokerInput(input: BrokerFloodInput): Promise<BrokerFloodInput> {
  return { ...input, module: pathToFileURL(await plainModule(input.module)).href };
}

/**
 * SQLite's variants, alternated in one client process as plain JavaScript, in `sets` such
 * processes one after another, each kept for `roundsPerSet` rounds, the rotation continuing from
 * set to set. Both sides of an in-process row share the process, so a process's luck (how V8
 * compiled the shared code, what its heap holds) lands on both; several processes let a row see
 * more than one (ADR 0324). Returns every run of each variant in the order measured.
 */
export async function sqliteInOwnProcesses(sets = FLOOD_PROCESSES, roundsPerSet = RUNS): Promise<SqliteRuns> {
  const script = await plainModule(new URL('./sqlite-client.ts', import.meta.url));
  const pooled: SqliteRuns = { selects: {}, inserts: {}, pids: [] };
  for (let set = 0; set < sets; set += 1) {
    const client = await startChild<object>(script, [String(roundsPerSet), String(set * roundsPerSet)]);
    try {
      const runs = await client.ask<SqliteRuns>('run');
      for (const kind of ['selects', 'inserts'] as const)
        for (const [name, rates] of Object.entries(runs[kind])) (pooled[kind][name] ??= []).push(...rates);
      pooled.pids.push(...runs.pids);
    } finally {
      await client.stop();
    }
  }
  return pooled;
}
