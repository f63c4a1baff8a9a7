/**
 * SQL databases: point selects and single-row inserts, one statement at a time, through
 * omnidial's `exec()` and through the raw client (better-sqlite3, mysql2, pg, @clickhouse/client)
 * in the same run. Each server comes from test-infra and runs only while its own rows are
 * measured. For SQLite the floor of any async API (one `await` over the synchronous call) is
 * measured in the same run.
 */
import type { ServiceName } from '@omnidial/test-infra';
import { alternate } from './lib/alternate.js';
import { compare, num, TARGET } from './lib/rows.js';
import { FLOOD_PROCESSES, RUNS } from './lib/stats.js';
import { interleavedRates, type EchoSide } from './lib/round-trips.js';
import { sqliteInOwnProcesses } from './lib/own-process.js';
import { rate, SEED, type Runner, type Target } from './lib/sql-runner.js';
import { clickhouse, mysql, postgres } from './lib/sql-targets.js';
import { sqlite } from './lib/sqlite-target.js';
import { withService } from './lib/services.js';
import type { BenchSection, Row } from './lib/types.js';

/** The test servers this section starts (run.ts runs the sections that start none first). */
export const services: readonly ServiceName[] = ['mysql', 'postgres', 'clickhouse'];
/** The rows whose raw call binds REAL, which omnidial does not do (the section's notes say why). */
const REAL_NOTE = 'the raw call binds the numbers as REAL; the target is on the INTEGER row below';
/** The select rows whose raw call may return an INTEGER beyond 2^53 rounded, which omnidial does not do. */
const INEXACT_NOTE = 'the raw call returns an INTEGER beyond 2^53 rounded; the target is on the exact row below';

/** The two sides of a server row. */
type Side = 'raw' | 'omni';

/**
 * A server database's rows. Each run has a table and a client of its own per side, made for it
 * (untimed, with the client's first statement).
 * - MySQL and PostgreSQL: whole runs of each side in turn, the order rotated each round, the
 *   client alone with the server while it runs. Which CPU a connection's server process or
 *   thread shares with the bench process lasts as long as the connection and moved a run by up
 *   to 2× on this two-CPU machine: with one connection per side for the section that luck went
 *   to one side (PostgreSQL selects 1.29, then 0.78), and with both sides' connections open at
 *   once, interleaved, it still did (MariaDB selects 1.49–2.04). Many runs with fresh clients let
 *   the median see every placement.
 * - ClickHouse (`interleave`): statements interleaved one by one, the order rotated each
 *   round. Its HTTP requests are served by a thread pool, so no placement sticks to
 *   a client, but its answers slow down over the server's life (every insert writes a part), and
 *   whole runs in turn let that drift land on one side (selects 0.89–1.01 in five full runs).
 * (bench/NOTES.md §19.)
 */
async function measureServer(target: Target, table: string): Promise<Row[]> {
  const n = target.count;
  let id = 0;
  const point = (): number => id++ % SEED;
  let fresh = SEED;
  const selects = (runner: Runner): Promise<unknown> => runner.select(point());
  const inserts = (runner: Runner): Promise<unknown> => {
    const i = fresh++;
    return runner.insert(i, i * 0.5);
  };
  /** A client of `which` side on a fresh table of its own, connected (one untimed statement). */
  const newClient = async (which: Side): Promise<Runner> => {
    const made = await target.setup(`${table}_${which}`);
    await made[which === 'raw' ? 'omni' : 'raw'].close();
    await made[which].select(0);
    return made[which];
  };
  let rates: (call: (runner: Runner) => Promise<unknown>) => Promise<Record<Side, number[]>>;
  if (target.interleave) {
    let clients: Partial<Record<Side, Runner>> = {};
    const newClients = async (): Promise<void> => {
      clients = { raw: await newClient('raw'), omni: await newClient('omni') };
      fresh = SEED;
    };
    const side = (which: Side, call: (runner: Runner) => Promise<unknown>) => (): Promise<EchoSide> => {
      const runner = clients[which]!;
      return Promise.resolve({ trip: () => call(runner), close: () => runner.close() });
    };
    rates = (call) =>
      interleavedRates({ raw: side('raw', call), omni: side('omni', call) }, n, newClients, target.runs);
  } else {
    const alone = (which: Side, call: (runner: Runner) => Promise<unknown>) => async (): Promise<number> => {
      const runner = await newClient(which);
      fresh = SEED;
      try {
        return await rate(
          n,
          () => 0,
          () => call(runner),
        );
      } finally {
        await runner.close();
      }
    };
    rates = (call) => alternate({ raw: alone('raw', call), omni: alone('omni', call) }, target.runs);
  }
  const sel = await rates(selects);
  const ins = await rates(inserts);
  return [
    compare(`${target.name}: ${num(n)} point selects`, 'op/s', 'higher', sel.raw, sel.omni, { target: TARGET }),
    compare(`${target.name}: ${num(n)} single-row inserts`, 'op/s', 'higher', ins.raw, ins.omni, { target: TARGET }),
  ];
}

/**
 * SQLite's rows: its variants alternated in client processes of their own, one after another
 * (lib/own-process.ts, ADR 0324).
 */
async function measureSqlite(): Promise<Row[]> {
  const target = sqlite;
  const n = target.count;
  const { selects: sel, inserts: ins } = await sqliteInOwnProcesses();
  const what = `${target.name}: ${num(n)} point selects`;
  return [
    compare(`${what}, raw called synchronously`, 'op/s', 'higher', sel.rawSync!, sel.omni!, {
      note: 'an async exec() over a synchronous call: bounded by the floor row; the paths with the target are the async-vs-async and execMany() rows',
    }),
    compare(
      `${target.name}: floor of any async API = raw sync call vs the same call + one await`,
      'op/s',
      'higher',
      sel.rawSync!,
      sel.raw!,
      { note: 'floor: an async exec() cannot beat this ratio' },
    ),
    compare(`${what}, raw awaited (async vs async)`, 'op/s', 'higher', sel.raw!, sel.omni!, { note: REAL_NOTE }),
    compare(
      `${what}, raw awaited binding whole numbers as INTEGER, as omnidial does (async vs async)`,
      'op/s',
      'higher',
      sel.rawInteger!,
      sel.omni!,
      { note: INEXACT_NOTE },
    ),
    compare(
      `${what}, raw awaited binding INTEGER and returning exact integers, as omnidial does (async vs async)`,
      'op/s',
      'higher',
      sel.rawExact!,
      sel.omni!,
      { target: TARGET },
    ),
    compare(`${target.name}: ${num(n)} single-row inserts, raw awaited`, 'op/s', 'higher', ins.raw!, ins.omni!, {
      note: REAL_NOTE,
    }),
    compare(
      `${target.name}: ${num(n)} single-row inserts, raw awaited binding whole numbers as INTEGER`,
      'op/s',
      'higher',
      ins.rawInteger!,
      ins.omni!,
      { target: TARGET },
    ),
    compare(`${what}, execMany() (one call) vs raw called synchronously`, 'op/s', 'higher', sel.rawSync!, sel.many!, {
      note: 'the raw loop keeps no result and binds numbers as REAL; see the kept-results row',
    }),
    compare(
      `${what}, execMany() (one call) vs raw called synchronously binding whole numbers as INTEGER, as omnidial does (in the baseline column)`,
      'op/s',
      'higher',
      sel.rawSyncInteger!,
      sel.many!,
      { note: 'the raw loop keeps no result; see the kept-results row' },
    ),
    compare(
      `${what}, execMany() vs the raw synchronous loop binding INTEGER and keeping every result, as execMany() returns them (in the baseline column)`,
      'op/s',
      'higher',
      sel.rawKept!,
      sel.many!,
      { note: INEXACT_NOTE },
    ),
    compare(
      `${what}, execMany() vs the raw synchronous loop binding INTEGER, returning exact integers and keeping every result (in the baseline column)`,
      'op/s',
      'higher',
      sel.rawKeptExact!,
      sel.many!,
      { target: TARGET },
    ),
    compare(
      `${target.name}: ${num(n)} single-row inserts, execMany() (one call) vs raw called synchronously`,
      'op/s',
      'higher',
      ins.rawSync!,
      ins.many!,
      { note: 'the raw loop keeps no result and binds numbers as REAL; see the kept-results row' },
    ),
    compare(
      `${target.name}: ${num(n)} single-row inserts, execMany() vs raw called synchronously binding whole numbers as INTEGER (in the baseline column)`,
      'op/s',
      'higher',
      ins.rawSyncInteger!,
      ins.many!,
      { note: 'the raw loop keeps no result; see the kept-results row' },
    ),
    compare(
      `${target.name}: ${num(n)} single-row inserts, execMany() vs the raw synchronous loop binding INTEGER and keeping every result (in the baseline column)`,
      'op/s',
      'higher',
      ins.rawKept!,
      ins.many!,
      { target: TARGET },
    ),
  ];
}

/** Runs every database, each server started for its own rows only (SQLite first, with none up). */
export async function run(): Promise<BenchSection> {
  const rows: Row[] = [];
  const notes: string[] = [];
  rows.push(...(await measureSqlite()));
  for (const [i, target] of [mysql, postgres, clickhouse].entries())
    rows.push(...(await withService(target.service!, () => measureServer(target, `bench_sql_${process.pid}_${i}`))));
  notes.push(
    `Sequential statements (each awaited before the next): per-call overhead, not server throughput. Per run: ${num(sqlite.count)} statements (sqlite), ${num(mysql.count)} (mysql, postgres), ${num(clickhouse.count)} (clickhouse, one HTTP request each); ${num(sqlite.runs)} runs per side (sqlite), ${num(mysql.runs)} (mysql, postgres) and ${num(clickhouse.runs)} (clickhouse), so ${num(sqlite.count * sqlite.runs)} / ${num(mysql.count * mysql.runs)} / ${num(clickhouse.count * clickhouse.runs)} statements per side in all.`,
    'Same statements both ways: bound `?` (postgres `$n`), point select by primary key on 1 000 seeded rows; omnidial also converts int8/BIGINT to number|bigint. The raw pools (mysql2, pg) are used one statement at a time. The promise API of mysql2 captures a stack trace at every call by default (its \`trace\` option, 1.5–10 µs a call); the pool of omnidial turns it off (ADR 0303), the raw pool keeps the default. MySQL, PostgreSQL and ClickHouse: each run makes a table (seeded) and a client afresh, untimed, so each run starts from the same state (ClickHouse makes every insert a part of its own and delays inserts once too many wait to be merged) and the CPU that the server process of the connection shares with the bench changes from run to run.',
    "SQLite: better-sqlite3 answers a point select in about a microsecond, synchronously. An async `exec()` pays at least one promise and one `await` per call, measured here as the floor row; omnidial caches prepared statements per SQL text already. The synchronous path (`omnidial/sync`) runs the same core on an engine thread and is slower per call for an in-process database (see the sync section). The batch path is \`execMany(sql, paramSets)\`: on SQLite it runs every statement in one turn for one promise; its rows compare it with the raw synchronous loop over the same ids (the omnidial side builds its parameter lists inside the timed call); `execMany()` returns the result of every statement, so the raw loop of the target row keeps them too (a loop that drops each result leaves the garbage collector far less to do: about 30 % of the execMany profile is the collector moving 10,000 kept results). better-sqlite3 binds every JavaScript number as REAL (\`typeof(?)\` of 5 is \`real\`); omnidial binds whole numbers as INTEGER (\`?/2\` of 5 is 2, not 2.5; a TEXT column stores '5', not '5.0'), which takes a BigInt per value (about 40 ns, a twentieth of a point select): the INTEGER rows give the raw call that same conversion, and the targets are on them (the awaited rows too, since 2026-12-05; the REAL rows stay for reference). better-sqlite3 also returns an INTEGER beyond 2^53 rounded by default (a 64-bit exchange order id comes back as another number); omnidial returns it exactly: it reads a read-only statement with plain numbers and reads it again with safe integers when a value is a whole number beyond 2^53 (the check is about 20 ns of a point select). The select targets are on raw calls that do the same (the exact rows, since 2026-12-06, ADR 0317); the rows without it stay for reference.",
    `Each figure: median (lowest–highest) of the runs per side after a warm-up of each. SQLite: the variants run alternately, the order rotated each run, in ${FLOOD_PROCESSES} client processes one after another, each for ${RUNS} rounds, as plain JavaScript on plain \`node\` (both sides of a row share a process: each process's luck, how V8 compiled the shared code and what its heap holds, lands on both; ADR 0324). MySQL and PostgreSQL: each run on a table and a client of its own, made for it (untimed, with its first statement), alone with the server while it runs; the sides run alternately, the order rotated each round. ClickHouse: a table and a client per side and run as well, the two sides' statements interleaved one by one, the order rotated each round (its answers slow down over the server's life, and whole runs in turn let that drift land on one side); a side's rate is its statements divided by the time its own calls took.`,
  );
  return { title: 'SQL databases (exec)', baseline: 'raw client', rows, notes };
}
