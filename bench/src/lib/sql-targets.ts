/**
 * The server databases of the sql section: for each, how to make a seeded table and the raw and
 * omnidial clients that run the section's statements on it (SQLite: lib/sqlite-target.ts).
 */
import { createPool } from 'mysql2/promise';
import pg from 'pg';
import { createClient } from '@clickhouse/client';
import { dial, Registry } from '@omnidial/core';
import { mysqlDriver } from '@omnidial/db-mysql';
import { postgresDriver } from '@omnidial/db-postgres';
import { ENV_VARS, type ServiceName } from '@omnidial/test-infra';
import { clickhouseDriver } from '@omnidial/db-clickhouse';
import { omniRunner, seed, type Runner, type Target } from './sql-runner.js';
import { RUNS, scaled } from './stats.js';

const registry = new Registry().register(mysqlDriver).register(postgresDriver).register(clickhouseDriver);

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
