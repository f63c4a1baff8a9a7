/**
 * SQLite in memory, the sql section's in-process database: better-sqlite3 against omnidial's
 * sqlite3:// driver, both in the process that measures them (lib/sqlite-client.ts).
 */
import Database from 'better-sqlite3';
import { dial, Registry } from '@omnidial/core';
import { sqliteDriver } from '@omnidial/db-sqlite';
import { omniRunner, seed, SEED, type Target } from './sql-runner.js';
import { FLOOD_RUNS, scaled } from './stats.js';

const registry = new Registry().register(sqliteDriver);

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
  // (intervals as wide as 0.61–1.03, bench/NOTES.md §28): as many runs as a flood row takes,
  // from as many client processes (ADR 0324).
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
