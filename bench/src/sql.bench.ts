/**
 * SQL databases: 10k point selects and 10k single-row inserts, one statement at a time, through
 * omnidial's `exec()` and through the raw client (better-sqlite3, mysql2, pg, @clickhouse/client)
 * in the same run. Servers come from test-infra; a database whose variable is unset is reported
 * as skipped. ClickHouse runs 1k of each (every statement is an HTTP request, and MergeTree
 * inserts are not meant to be single rows).
 */
import Database from 'better-sqlite3';
import { createPool } from 'mysql2/promise';
import pg from 'pg';
import { createClient } from '@clickhouse/client';
import { dial, Registry, type Connection } from '@omnidial/core';
import { sqliteDriver } from '@omnidial/db-sqlite';
import { mysqlDriver } from '@omnidial/db-mysql';
import { postgresDriver } from '@omnidial/db-postgres';
import { clickhouseDriver } from '@omnidial/db-clickhouse';
import { num } from './lib/format.js';
import type { BenchSection } from './lib/types.js';

/** One way of running the two statements of the benchmark. */
interface Runner {
  select(id: number): Promise<unknown>;
  insert(id: number, price: number): Promise<unknown>;
  close(): Promise<void>;
}

interface Target {
  name: string;
  count: number;
  /** Creates the table (fresh) and returns raw and omnidial runners. */
  setup(table: string): Promise<{ raw: Runner; omni: Runner }>;
}

const registry = new Registry().register(sqliteDriver).register(mysqlDriver).register(postgresDriver).register(clickhouseDriver);
const SEED = 1000;

function omniRunner(db: Connection, table: string, q: (n: number) => string): Runner {
  const select = `SELECT id, price, note FROM ${table} WHERE id = ${q(1)}`;
  const insert = `INSERT INTO ${table} (id, price, note) VALUES (${q(1)}, ${q(2)}, ${q(3)})`;
  return { select: (id) => db.exec(select, id), insert: (id, price) => db.exec(insert, id, price, 'tick'), close: () => db.close() };
}

async function seed(db: Connection, table: string, ddl: string): Promise<void> {
  await db.exec(`DROP TABLE IF EXISTS ${table}`);
  await db.exec(ddl);
  for (let i = 0; i < SEED; i += 100) {
    const rows = Array.from({ length: 100 }, (_, k) => `(${i + k}, ${(i + k) * 1.5}, 'seed')`).join(', ');
    await db.exec(`INSERT INTO ${table} (id, price, note) VALUES ${rows}`);
  }
}

const sqlite: Target = {
  name: 'sqlite3 (:memory:)', count: 10_000,
  async setup(table) {
    const omniDb = await dial('sqlite3://:memory:', { registry });
    await seed(omniDb, table, `CREATE TABLE ${table} (id INTEGER PRIMARY KEY, price REAL, note TEXT)`);
    const raw = new Database(':memory:');
    raw.exec(`CREATE TABLE ${table} (id INTEGER PRIMARY KEY, price REAL, note TEXT)`);
    const ins = raw.prepare(`INSERT INTO ${table} (id, price, note) VALUES (?, ?, ?)`);
    for (let i = 0; i < SEED; i++) ins.run(i, i * 1.5, 'seed');
    const sel = raw.prepare(`SELECT id, price, note FROM ${table} WHERE id = ?`).raw(true);
    return {
      raw: { select: async (id) => sel.all(id), insert: async (id, price) => ins.run(id, price, 'tick'), close: async () => void raw.close() },
      omni: omniRunner(omniDb, table, () => '?'),
    };
  },
};

function serverTarget(name: string, variable: string, count: number, make: (url: string, table: string) => Promise<{ raw: Runner; omni: Runner }>): Target & { variable: string } {
  return { name, count, variable, setup: (table) => make(process.env[variable]!, table) };
}

const mysql = serverTarget('mysql (MariaDB)', 'OMNIDIAL_TEST_MYSQL_URL', 10_000, async (url, table) => {
  const db = await dial(url, { registry });
  await seed(db, table, `CREATE TABLE ${table} (id BIGINT PRIMARY KEY, price DOUBLE, note VARCHAR(32))`);
  const u = new URL(url);
  const pool = createPool({ host: u.hostname, port: Number(u.port), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), database: u.pathname.slice(1), connectionLimit: 10, supportBigNumbers: true, bigNumberStrings: true });
  return {
    raw: {
      select: (id) => pool.execute(`SELECT id, price, note FROM ${table} WHERE id = ?`, [id]),
      insert: (id, price) => pool.execute(`INSERT INTO ${table} (id, price, note) VALUES (?, ?, ?)`, [id, price, 'tick']),
      close: () => pool.end(),
    },
    omni: omniRunner(db, table, () => '?'),
  };
});

const postgres = serverTarget('postgres', 'OMNIDIAL_TEST_POSTGRES_URL', 10_000, async (url, table) => {
  const db = await dial(url, { registry });
  await seed(db, table, `CREATE TABLE ${table} (id int8 PRIMARY KEY, price float8, note text)`);
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  return {
    raw: {
      select: (id) => pool.query({ text: `SELECT id, price, note FROM ${table} WHERE id = $1`, values: [id], rowMode: 'array' }),
      insert: (id, price) => pool.query(`INSERT INTO ${table} (id, price, note) VALUES ($1, $2, $3)`, [id, price, 'tick']),
      close: () => pool.end(),
    },
    omni: omniRunner(db, table, (n) => `$${n}`),
  };
});

const clickhouse = serverTarget('clickhouse (HTTP)', 'OMNIDIAL_TEST_CLICKHOUSE_URL', 1_000, async (url, table) => {
  const db = await dial(url, { registry });
  await seed(db, table, `CREATE TABLE ${table} (id UInt64, price Float64, note String) ENGINE = MergeTree ORDER BY id`);
  const u = new URL(url.replace(/^clickhouse:/, 'http:'));
  const client = createClient({ url: `http://${u.host}`, username: decodeURIComponent(u.username), password: decodeURIComponent(u.password), database: u.pathname.slice(1), compression: { request: false, response: false } });
  return {
    raw: {
      select: async (id) => (await client.query({ query: `SELECT id, price, note FROM ${table} WHERE id = ${id}`, format: 'JSONCompact' })).json(),
      insert: (id, price) => client.command({ query: `INSERT INTO ${table} (id, price, note) VALUES (${id}, ${price}, 'tick')` }),
      close: () => client.close(),
    },
    omni: omniRunner(db, table, () => '?'),
  };
});

const CHUNK = 500;

/** Milliseconds of `count` sequential calls starting at `from`. */
async function timed(from: number, count: number, call: (i: number) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  for (let i = from; i < from + count; i++) await call(i);
  return performance.now() - start;
}

/**
 * Statements per second, raw and omnidial, of `count` calls each: the two alternate in chunks of
 * 500 so that load from other processes hits both alike.
 */
async function compare(count: number, raw: (i: number) => Promise<unknown>, omni: (i: number) => Promise<unknown>): Promise<[number, number]> {
  let rawMs = 0;
  let omniMs = 0;
  for (let i = 0; i < count; i += CHUNK) {
    const n = Math.min(CHUNK, count - i);
    rawMs += await timed(i, n, raw);
    omniMs += await timed(i, n, omni);
  }
  return [count / (rawMs / 1000), count / (omniMs / 1000)];
}

async function measure(target: Target, round: number): Promise<string[]> {
  const table = `bench_sql_${process.pid}_${round}`;
  const { raw, omni } = await target.setup(table);
  let next = SEED;
  const insert = (runner: Runner) => () => runner.insert(next++, next * 0.5);
  await compare(Math.min(1000, target.count), (i) => raw.select(i % SEED), (i) => omni.select(i % SEED)); // warm-up
  await compare(Math.min(1000, target.count), insert(raw), insert(omni));
  const [rawSel, omniSel] = await compare(target.count, (i) => raw.select(i % SEED), (i) => omni.select(i % SEED));
  const [rawIns, omniIns] = await compare(target.count, insert(raw), insert(omni));
  await raw.close();
  await omni.close();
  return [target.name, num(rawSel), num(omniSel), ratio(omniSel, rawSel), num(rawIns), num(omniIns), ratio(omniIns, rawIns)];
}

function ratio(a: number, b: number): string {
  return `${(a / b).toFixed(2)}×`;
}

/** Runs every database whose server is available. */
export async function run(): Promise<BenchSection> {
  const rows: string[][] = [['database', 'raw select/s', 'omnidial select/s', 'ratio', 'raw insert/s', 'omnidial insert/s', 'ratio']];
  const notes: string[] = [];
  for (const [i, target] of [sqlite, mysql, postgres, clickhouse].entries()) {
    const variable = (target as { variable?: string }).variable;
    if (variable !== undefined && !process.env[variable]) {
      notes.push(`${target.name}: skipped, ${variable} is not set`);
      continue;
    }
    rows.push(await measure(target, i));
  }
  notes.push(
    'Sequential statements (each awaited before the next): per-call overhead, not server throughput. After a warm-up, raw and omnidial alternate in chunks of 500 statements, so load from other processes hits both alike.',
    'Same statements both ways: bound `?` (postgres `$n`), point select by primary key on 1 000 seeded rows; omnidial also converts int8/BIGINT to number|bigint.',
    'better-sqlite3 is synchronous: its raw calls are wrapped in an async function, omnidial adds the Connection layer and a Promise per statement.',
    'clickhouse: 1 000 statements each (one HTTP request per statement); the raw client gets literal values, omnidial binds `?` on the client.',
    'Target: ratio ≥ 0.95×.',
  );
  return { title: 'SQL databases (exec)', rows, notes };
}
