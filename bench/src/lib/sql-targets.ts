/**
 * The databases of the sql section: for each, how to make a seeded table and the raw and omnidial
 * clients that run the section's statements on it.
 */
import Database from 'better-sqlite3';
import { createPool } from 'mysql2/promise';
import pg from 'pg';
import { createClient } from '@clickhouse/client';
import { dial, Registry, type Connection } from '@omnidial/core';
import { sqliteDriver } from '@omnidial/db-sqlite';
import { mysqlDriver } from '@omnidial/db-mysql';
import { postgresDriver } from '@omnidial/db-postgres';
import { ENV_VARS, type ServiceName } from '@omnidial/test-infra';
import { clickhouseDriver } from '@omnidial/db-clickhouse';
import { FLOOD_RUNS, RUNS, scaled } from './stats.js';

/** One way of running the two statements of the benchmark. */
export interface Runner {
  select(id: number): Promise<unknown>;
  /** The synchronous raw call, when the client has one (better-sqlite3). */
  selectSync?(id: number): unknown;
  insert(id: number, price: number): Promise<unknown>;
  insertSync?(id: number, price: number): unknown;
  /** The raw calls binding whole numbers as INTEGER (a BigInt), as omnidial's SQLite driver binds them. */
  selectInteger?(id: number): Promise<unknown>;
  insertInteger?(id: number, price: number): Promise<unknown>;
  selectSyncInteger?(id: number): unknown;
  insertSyncInteger?(id: number, price: number): unknown;
  /**
   * The INTEGER select returning exact integers, as omnidial's rows are (DESIGN §7): read with
   * plain numbers, read again with safe integers when a value is a whole number beyond 2^53.
   */
  selectExact?(id: number): Promise<unknown>;
  selectSyncExact?(id: number): unknown;
  /** The batch path (omnidial's `execMany`): every id in one call. */
  selectMany?(ids: readonly number[]): Promise<unknown>;
  insertMany?(ids: readonly number[]): Promise<unknown>;
  close(): Promise<void>;
}

/** A database of the section: how to make its table and clients. */
export interface Target {
  name: string;
  count: number;
  /** Runs per side (the section's RUNS unless more are cheap and needed). */
  runs: number;
  /** The two sides' statements interleaved within each run (sql.bench.ts `measureServer` says when). */
  interleave?: boolean;
  /** The test server it needs, started for its rows only (sql.bench.ts); none for SQLite. */
  service?: ServiceName;
  /** Creates the table (fresh) and returns raw and omnidial runners. */
  setup(table: string): Promise<{ raw: Runner; omni: Runner }>;
}

const registry = new Registry()
  .register(sqliteDriver)
  .register(mysqlDriver)
  .register(postgresDriver)
  .register(clickhouseDriver);
/** Rows seeded into each table; the point selects pick among them. */
export const SEED = 1000;

function omniRunner(db: Connection, table: string, q: (n: number) => string): Runner {
  const select = `SELECT id, price, note FROM ${table} WHERE id = ${q(1)}`;
  const insert = `INSERT INTO ${table} (id, price, note) VALUES (${q(1)}, ${q(2)}, ${q(3)})`;
  return {
    select: (id) => db.exec(select, id),
    insert: (id, price) => db.exec(insert, id, price, 'tick'),
    selectMany: (ids) =>
      db.execMany(
        select,
        ids.map((id) => [id]),
      ),
    insertMany: (ids) =>
      db.execMany(
        insert,
        ids.map((id) => [id, id * 0.5, 'tick']),
      ),
    close: () => db.close(),
  };
}

async function seed(db: Connection, table: string, ddl: string): Promise<void> {
  await db.exec(`DROP TABLE IF EXISTS ${table}`);
  await db.exec(ddl);
  for (let i = 0; i < SEED; i += 100) {
    const rows = Array.from({ length: 100 }, (_, k) => `(${i + k}, ${(i + k) * 1.5}, 'seed')`).join(', ');
    await db.exec(`INSERT INTO ${table} (id, price, note) VALUES ${rows}`);
  }
}

/**
 * Whether rows read with plain numbers hold a whole number beyond ±2^53, which may be an INTEGER
 * that lost precision (an exchange's 64-bit order id does): a raw program that must return
 * exact values reads those rows again with safe integers.
 */
function mayBeInexact(rows: readonly unknown[][]): boolean {
  for (const row of rows) {
    for (const value of row)
      if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)) return true;
  }
  return false;
}

/** SQLite in memory: better-sqlite3 against omnidial's sqlite3:// driver. */
export const sqlite: Target = {
  name: 'sqlite3 (:memory:)',
  count: scaled(10_000),
  // A run takes ~10 ms, and in 11 runs its rows moved by up to ±0.08 from whole run to whole run
  // (intervals as wide as 0.61–1.03, bench/NOTES.md §28): as many runs as a flood row takes.
  runs: FLOOD_RUNS,
  async setup(table) {
    const omniDb = await dial('sqlite3://:memory:', { registry });
    await seed(omniDb, table, `CREATE TABLE ${table} (id INTEGER PRIMARY KEY, price REAL, note TEXT)`);
    const raw = new Database(':memory:');
    raw.exec(`CREATE TABLE ${table} (id INTEGER PRIMARY KEY, price REAL, note TEXT)`);
    const ins = raw.prepare(`INSERT INTO ${table} (id, price, note) VALUES (?, ?, ?)`);
    for (let i = 0; i < SEED; i++) ins.run(i, i * 1.5, 'seed');
    const sel = raw.prepare(`SELECT id, price, note FROM ${table} WHERE id = ?`).raw(true);
    const insertInteger = (id: number, price: number) =>
      ins.run(BigInt(id), Number.isSafeInteger(price) ? BigInt(price) : price, 'tick');
    const selectSafe = raw.prepare(`SELECT id, price, note FROM ${table} WHERE id = ?`).raw(true).safeIntegers(true);
    const selectExact = (id: number) => {
      const rows = sel.all(BigInt(id)) as unknown[][];
      return mayBeInexact(rows) ? selectSafe.all(BigInt(id)) : rows;
    };
    return {
      raw: {
        select: async (id) => sel.all(id),
        selectSync: (id) => sel.all(id),
        insert: async (id, price) => ins.run(id, price, 'tick'),
        insertSync: (id, price) => ins.run(id, price, 'tick'),
        selectInteger: async (id) => sel.all(BigInt(id)),
        insertInteger: async (id, price) => insertInteger(id, price),
        selectSyncInteger: (id) => sel.all(BigInt(id)),
        insertSyncInteger: (id, price) => insertInteger(id, price),
        selectExact: async (id) => selectExact(id),
        selectSyncExact: selectExact,
        close: async () => void raw.close(),
      },
      omni: omniRunner(omniDb, table, () => '?'),
    };
  },
};

function serverTarget(
  name: string,
  service: ServiceName,
  count: number,
  runs: number,
  make: (url: string, table: string) => Promise<{ raw: Runner; omni: Runner }>,
  interleave = false,
): Target {
  return { name, count, runs, interleave, service, setup: (table) => make(process.env[ENV_VARS[service]]!, table) };
}

/**
 * Runs per side for MySQL and PostgreSQL: a run takes well under a second, and which CPU each
 * connection's server process shares with the bench process moves a run by up to 2× on this
 * two-CPU machine (a run's fresh connections land anew), so eleven times the section's runs give
 * a median that stays put (bench/NOTES.md §19).
 */
const SERVER_RUNS = RUNS * 11;

/** MariaDB: mysql2's pool against omnidial's mysql:// driver. */
export const mysql = serverTarget('mysql (MariaDB)', 'mysql', scaled(2_000), SERVER_RUNS, async (url, table) => {
  const db = await dial(url, { registry });
  await seed(db, table, `CREATE TABLE ${table} (id BIGINT PRIMARY KEY, price DOUBLE, note VARCHAR(32))`);
  const u = new URL(url);
  const pool = createPool({
    host: u.hostname,
    port: Number(u.port),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: u.pathname.slice(1),
    connectionLimit: 10,
    supportBigNumbers: true,
    bigNumberStrings: true,
  });
  return {
    raw: {
      select: (id) => pool.execute(`SELECT id, price, note FROM ${table} WHERE id = ?`, [id]),
      insert: (id, price) =>
        pool.execute(`INSERT INTO ${table} (id, price, note) VALUES (?, ?, ?)`, [id, price, 'tick']),
      close: () => pool.end(),
    },
    omni: omniRunner(db, table, () => '?'),
  };
});

/** PostgreSQL: pg's pool against omnidial's postgres:// driver. */
export const postgres = serverTarget('postgres', 'postgres', scaled(2_000), SERVER_RUNS, async (url, table) => {
  const db = await dial(url, { registry });
  await seed(db, table, `CREATE TABLE ${table} (id int8 PRIMARY KEY, price float8, note text)`);
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  return {
    raw: {
      select: (id) =>
        pool.query({ text: `SELECT id, price, note FROM ${table} WHERE id = $1`, values: [id], rowMode: 'array' }),
      insert: (id, price) =>
        pool.query(`INSERT INTO ${table} (id, price, note) VALUES ($1, $2, $3)`, [id, price, 'tick']),
      close: () => pool.end(),
    },
    omni: omniRunner(db, table, (n) => `$${n}`),
  };
});

/** ClickHouse over HTTP: @clickhouse/client against omnidial's clickhouse:// driver. */
export const clickhouse = serverTarget(
  'clickhouse (HTTP)',
  'clickhouse',
  scaled(500),
  RUNS,
  async (url, table) => {
    const db = await dial(url, { registry });
    await seed(
      db,
      table,
      `CREATE TABLE ${table} (id UInt64, price Float64, note String) ENGINE = MergeTree ORDER BY id`,
    );
    const u = new URL(url.replace(/^clickhouse:/, 'http:'));
    const client = createClient({
      url: `http://${u.host}`,
      username: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
      database: u.pathname.slice(1),
      compression: { request: false, response: false },
    });
    return {
      raw: {
        select: async (id) =>
          (
            await client.query({
              query: `SELECT id, price, note FROM ${table} WHERE id = ${id}`,
              format: 'JSONCompact',
            })
          ).json(),
        insert: (id, price) =>
          client.command({ query: `INSERT INTO ${table} (id, price, note) VALUES (${id}, ${price}, 'tick')` }),
        close: () => client.close(),
      },
      omni: omniRunner(db, table, () => '?'),
    };
  },
  true,
);
