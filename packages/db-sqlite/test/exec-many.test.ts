import { afterEach, describe, expect, it } from 'vitest';
import { Registry, dial, type Connection, type QueryResult } from '@omnidial/core';
import { sqliteDriver } from '../src/index.js';

const registry = new Registry().register(sqliteDriver);
const SCHEMA = 'CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, f REAL, s TEXT)';
const BEYOND_2_53 = 2n ** 60n + 1n;

const opened: Connection[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((conn) => conn.close()));
});

async function database(): Promise<Connection> {
  const conn = await dial('sqlite3://:memory:', { registry });
  opened.push(conn);
  await conn.exec(SCHEMA);
  return conn;
}

/** The statements a batch runs, each with its parameter lists (the first run prepares it). */
const BATCHES: [string, unknown[][]][] = [
  [
    'INSERT INTO t (n, f, s) VALUES (?, ?, ?)',
    [
      [1, 1.5, 'a'],
      [BEYOND_2_53, 2, 'b'],
      [3, 0.25, null],
      [4, 4, 'd'],
    ],
  ],
  [
    'INSERT INTO t (id, n) VALUES (?, ?)',
    [
      [BEYOND_2_53, 5],
      [BEYOND_2_53 + 1n, 6],
    ],
  ],
  [
    'REPLACE INTO t (id, s) VALUES (?, ?)',
    [
      [1, 'replaced'],
      [2, 'again'],
    ],
  ],
  ['SELECT id, n, f, s, typeof(n) FROM t WHERE id = ?', [[1], [2], [BEYOND_2_53], [99]]],
  [
    'SELECT ? AS v, typeof(?) AS kind',
    [
      [7, 7],
      [7.5, 7.5],
      [true, true],
      ['x', 'x'],
    ],
  ],
  [
    'UPDATE t SET f = ? WHERE n > ?',
    [
      [9.5, 2],
      [1, 1000],
    ],
  ],
  ['DELETE FROM t WHERE id = ? RETURNING id, n', [[3], [BEYOND_2_53 + 1n], [42]]],
  ['SELECT count(*) AS rows, max(id) AS top FROM t', [[], []]],
  ['CREATE TABLE IF NOT EXISTS u (a); INSERT INTO u VALUES (1)', [[], []]],
  ['SELECT count(*) FROM u', [[]]],
];

describe('sqlite3 execMany', () => {
  it('gives, statement by statement, what exec() gives (inserts, selects, updates, RETURNING, scripts, big integers)', async () => {
    const one = await database();
    const many = await database();
    for (const [sql, sets] of BATCHES) {
      const each: QueryResult[] = [];
      for (const set of sets) each.push(await one.exec(sql, ...set));
      expect(await many.execMany(sql, sets), sql).toEqual(each);
    }
    const everything = 'SELECT id, n, f, s FROM t ORDER BY id';
    expect((await many.exec(everything)).values).toEqual((await one.exec(everything)).values);
  });

  it('keeps an INTEGER beyond ±2^53 exact in every statement of a batch of selects, not only the first', async () => {
    const conn = await database();
    await conn.execMany('INSERT INTO t (id, n) VALUES (?, ?)', [
      [1, 1],
      [2, BEYOND_2_53],
      [3, -BEYOND_2_53],
    ]);
    const results = await conn.execMany('SELECT n FROM t WHERE id = ?', [[1], [2], [3]]);
    expect(results.map((result) => result.values[0]![0])).toEqual([1, BEYOND_2_53, -BEYOND_2_53]);
  });

  it('a failure in the middle names its statement; the ones before it ran, the ones after did not', async () => {
    const conn = await database();
    const failure = await conn
      .execMany('INSERT INTO t (id, s) VALUES (?, ?)', [
        [1, 'a'],
        [2, 'b'],
        [1, 'again'],
        [4, 'd'],
      ])
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ name: 'DialError', code: 'Query', op: 'exec', index: 2 });
    expect((failure as Error).message).toContain('statement 2 of 4 failed');
    expect((failure as { serverCode?: string }).serverCode).toMatch(/^SQLITE_CONSTRAINT/);
    expect((await conn.exec('SELECT id, s FROM t ORDER BY id')).values).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
  });

  it('a parameter that cannot be bound is InvalidArgument naming its statement and parameter', async () => {
    const conn = await database();
    const failure = await conn.execMany('SELECT ? AS v', [[1], [{ not: 'bindable' }]]).catch((e: unknown) => e);
    expect(failure).toMatchObject({ name: 'DialError', code: 'InvalidArgument', op: 'exec', index: 1 });
    expect((failure as Error).message).toContain('parameter 1 cannot be bound');
  });
});
