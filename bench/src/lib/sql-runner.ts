/**
 * What every database of the sql section shares: the runner a side's statements go through, how a
 * target makes its seeded table, and the timed loop of sequential statements.
 */
import type { Connection } from '@omnidial/core';
import type { ServiceName } from '@omnidial/test-infra/types';

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

/** Rows seeded into each table; the point selects pick among them. */
export const SEED = 1000;

export function omniRunner(db: Connection, table: string, q: (n: number) => string): Runner {
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

export async function seed(db: Connection, table: string, ddl: string): Promise<void> {
  await db.exec(`DROP TABLE IF EXISTS ${table}`);
  await db.exec(ddl);
  for (let i = 0; i < SEED; i += 100) {
    const rows = Array.from({ length: 100 }, (_, k) => `(${i + k}, ${(i + k) * 1.5}, 'seed')`).join(', ');
    await db.exec(`INSERT INTO ${table} (id, price, note) VALUES ${rows}`);
  }
}

/** Statements per second of `count` sequential calls, the ids starting at `next()`. */
export async function rate(count: number, next: () => number, call: (i: number) => unknown): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const result = call(next());
    if (result instanceof Promise) await result;
  }
  return count / ((performance.now() - start) / 1000);
}
