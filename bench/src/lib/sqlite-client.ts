/**
 * Child process of the sql section: SQLite's variants (raw and omnidial; awaited, synchronous and
 * batched) alternated in one process, as plain JavaScript (bundled by lib/plain-module.ts). SQLite
 * runs inside the process that calls it, so both sides of a row share that process; the section
 * takes its runs from several such processes, one after another (lib/own-process.ts, ADR 0324).
 * argv: <rounds> <first round of the rotation>. Answers `{}` once ready, then its runs to `run`.
 */
import { alternate } from './alternate.js';
import { rate, SEED } from './sql-runner.js';
import { sqlite } from './sqlite-target.js';

/** Every run of each SQLite variant, in the order measured: statements per second. */
export interface SqliteRuns {
  selects: Record<string, number[]>;
  inserts: Record<string, number[]>;
  /** The process ids the runs came from, one per process (checked by bench/test/own-process.test.ts). */
  pids: number[];
}

/** Statements per second of one batch call over `count` ids from `next()` (the call builds its parameter lists). */
async function batchRate(count: number, next: () => number, call: (ids: readonly number[]) => Promise<unknown>) {
  const ids = Array.from({ length: count }, next);
  const start = performance.now();
  await call(ids);
  return count / ((performance.now() - start) / 1000);
}

/**
 * The raw synchronous loop as a batch call that keeps every statement's result, as `execMany()`
 * returns them all: what a user who needs the results of a batch does with the raw client.
 */
function keepingResults(call: (id: number) => unknown): (ids: readonly number[]) => Promise<unknown[]> {
  return (ids) => {
    const results = new Array<unknown>(ids.length);
    for (let i = 0; i < ids.length; i += 1) results[i] = call(ids[i]!);
    return Promise.resolve(results);
  };
}

/**
 * The SQLite variants on a fresh table of each side, alternated for `rounds` rounds from round
 * `firstRound` of the rotation (selects, then inserts).
 */
export async function sqliteRuns(table: string, rounds: number, firstRound: number): Promise<SqliteRuns> {
  const { raw, omni } = await sqlite.setup(table);
  const n = sqlite.count;
  let id = 0;
  const point = (): number => id++ % SEED;
  let fresh = SEED;
  const newId = (): number => fresh++;
  const selects: Record<string, () => Promise<number>> = {
    raw: () => rate(n, point, (i) => raw.select(i)),
    omni: () => rate(n, point, (i) => omni.select(i)),
  };
  const sync = raw.selectSync!;
  selects.rawSync = () => rate(n, point, (i) => sync(i));
  const { selectMany, insertMany, selectSyncInteger, insertSyncInteger, selectInteger, insertInteger } = {
    ...omni,
    ...raw,
  };
  const { selectExact, selectSyncExact } = raw;
  if (selectInteger !== undefined) selects.rawInteger = () => rate(n, point, (i) => selectInteger(i));
  if (selectExact !== undefined) selects.rawExact = () => rate(n, point, (i) => selectExact(i));
  if (selectSyncInteger !== undefined && selectSyncExact !== undefined && selectMany !== undefined) {
    selects.rawSyncInteger = () => rate(n, point, (i) => selectSyncInteger(i));
    selects.many = () => batchRate(n, point, (ids) => selectMany(ids));
    selects.rawKept = () => batchRate(n, point, keepingResults(selectSyncInteger));
    selects.rawKeptExact = () => batchRate(n, point, keepingResults(selectSyncExact));
  }
  const sel = await alternate(selects, rounds, firstRound);
  const inserts: Record<string, () => Promise<number>> = {
    raw: () => rate(n, newId, (i) => raw.insert(i, i * 0.5)),
    omni: () => rate(n, newId, (i) => omni.insert(i, i * 0.5)),
  };
  if (insertInteger !== undefined) inserts.rawInteger = () => rate(n, newId, (i) => insertInteger(i, i * 0.5));
  const { insertSync } = raw;
  if (insertSync !== undefined && insertSyncInteger !== undefined && insertMany !== undefined) {
    inserts.rawSync = () => rate(n, newId, (i) => insertSync(i, i * 0.5));
    inserts.rawSyncInteger = () => rate(n, newId, (i) => insertSyncInteger(i, i * 0.5));
    inserts.many = () => batchRate(n, newId, (ids) => insertMany(ids));
    inserts.rawKept = () =>
      batchRate(
        n,
        newId,
        keepingResults((i) => insertSyncInteger(i, i * 0.5)),
      );
  }
  const ins = await alternate(inserts, rounds, firstRound);
  await raw.close();
  await omni.close();
  return { selects: sel, inserts: ins, pids: [process.pid] };
}

// Run as a script: only as its plain JavaScript bundle (lib/plain-module.ts, ADR 0320).
if (process.send !== undefined && /sqlite-client\.mjs$/.test(process.argv[1] ?? '')) {
  const [rounds, firstRound] = process.argv.slice(2).map(Number) as [number, number];
  process.once('message', () => {
    sqliteRuns(`bench_sql_${process.pid}`, rounds, firstRound).then(
      (runs) => process.send!(runs),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
  process.send({});
}
