import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry, dial, type Connection } from '@omnidial/core';
import { sqliteDriver } from '../src/index.js';

const registry = new Registry().register(sqliteDriver);
const dir = mkdtempSync(join(tmpdir(), 'omnidial-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sqlite3 exec', () => {
  let db: Connection;
  beforeAll(async () => {
    db = await dial('sqlite3://:memory:', { registry });
    await db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, f REAL, s TEXT, b BLOB, at TEXT)');
  });
  afterAll(() => db.close());

  it('inserts with ?, reports affectedRows and lastInsertId, maps types', async () => {
    const when = new Date('2024-05-06T07:08:09.123Z');
    const inserted = await db.exec(
      'INSERT INTO t (n, f, s, b, at) VALUES (?, ?, ?, ?, ?)',
      2n ** 62n,
      1.5,
      'x',
      Buffer.from([0, 255]),
      when,
    );
    expect(inserted).toEqual({ columns: [], values: [], affectedRows: 1, lastInsertId: 1 });
    await db.exec('INSERT INTO t (n, s) VALUES (?, ?), (?, ?)', 7, true, -3, undefined);
    const rows = await db.exec('SELECT n, f, s, b, at FROM t ORDER BY id');
    expect(rows.columns).toEqual(['n', 'f', 's', 'b', 'at']);
    expect(rows.values).toEqual([
      [2n ** 62n, 1.5, 'x', Buffer.from([0, 255]), when.toISOString()],
      [7, null, '1', null, null],
      [-3, null, null, null, null],
    ]);
    expect((await db.exec('UPDATE t SET s = ? WHERE n < ?', 'small', 100)).affectedRows).toBe(2);
    expect(await db.exec('CREATE INDEX t_n ON t (n)')).toEqual({ columns: [], values: [] });
    expect(await db.exec('CREATE TABLE a (x); CREATE TABLE b (y)')).toEqual({ columns: [], values: [] });
  });

  it('binds a whole number as INTEGER, any other number as REAL, a string as TEXT', async () => {
    const bound = await db.exec(
      'SELECT ? / 2, typeof(?), ? / 2, typeof(?), typeof(?), CAST(? AS TEXT)',
      5,
      5,
      5.5,
      5.5,
      '5',
      7,
    );
    // As REAL, 5 would give 2.5, 'real' and '7.0'.
    expect(bound.values).toEqual([[2, 'integer', 2.75, 'real', 'text', '7']]);
    const large = await db.exec('SELECT typeof(?), typeof(?)', Number.MAX_SAFE_INTEGER, 2 ** 60);
    expect(large.values).toEqual([['integer', 'real']]);
  });

  it('gives an INTEGER beyond ±2^53 as an exact bigint from selects, RETURNING and lastInsertId; smaller ones and REALs as numbers', async () => {
    const big = 2n ** 53n + 1n;
    await db.exec('CREATE TABLE wide (id INTEGER PRIMARY KEY, n INTEGER, f REAL)');
    expect((await db.exec('INSERT INTO wide (id, n, f) VALUES (?, ?, ?)', big, 2 ** 53 - 1, 1e300)).lastInsertId).toBe(
      big,
    );
    expect((await db.exec('INSERT INTO wide (id, n, f) VALUES (?, ?, ?)', 5, -big, 2.5)).lastInsertId).toBe(5);
    expect(
      (await db.exec('INSERT INTO wide (id, n) VALUES (?, ?) RETURNING id, n', 2n ** 63n - 1n, 2n ** 53n)).values,
    ).toEqual([[2n ** 63n - 1n, 2n ** 53n]]);
    const select = 'SELECT id, n, f FROM wide WHERE id = ?';
    expect((await db.exec(select, 5)).values).toEqual([[5, -big, 2.5]]);
    expect((await db.exec(select, big)).values).toEqual([[big, 2 ** 53 - 1, 1e300]]);
    expect((await db.exec(select, 5)).values).toEqual([[5, -big, 2.5]]);
    expect((await db.exec('SELECT max(id) AS top, count(*) AS rows FROM wide')).values).toEqual([[2n ** 63n - 1n, 3]]);
  });

  it('alternating statements each run their own text, also past the statement cache', async () => {
    for (let i = 0; i < 3; i++) {
      expect(await db.exec('SELECT ? AS a', i)).toEqual({ columns: ['a'], values: [[i]] });
      expect(await db.exec(['SELECT ? AS', 'b'].join(' '), i)).toEqual({ columns: ['b'], values: [[i]] });
      expect(await db.exec('SELECT ? AS b', i)).toEqual({ columns: ['b'], values: [[i]] });
    }
    for (let i = 0; i < 250; i++) await db.exec(`SELECT ${i} AS c`);
    expect(await db.exec('SELECT ? AS a', 'again')).toEqual({ columns: ['a'], values: [['again']] });
    expect(await db.exec('SELECT ? AS a', 'again')).toEqual({ columns: ['a'], values: [['again']] });
  });

  it('keeps an injection attempt through a parameter as data', async () => {
    const evil = "'); DROP TABLE t; --";
    await db.exec('INSERT INTO t (s) VALUES (?)', evil);
    expect((await db.exec('SELECT s FROM t WHERE s = ?', evil)).values).toEqual([[evil]]);
  });

  it('a failed statement carries the SQLite code; the connection stays usable', async () => {
    const error = await db.exec('INSERT INTO t (id) VALUES (?)', 1).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'Query', serverCode: 'SQLITE_CONSTRAINT_PRIMARYKEY', op: 'exec' });
    await expect(db.exec('SELECT ?', 1, 2)).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(db.exec('SELECT ?', { a: 1 })).rejects.toMatchObject({
      code: 'InvalidArgument',
      message: expect.stringContaining('parameter 1 cannot be bound: [object Object]'),
    });
    await expect(db.exec('SELECT ?, ?, ?, ?, ?', 1, 2, 3, 4, Symbol('s'))).rejects.toMatchObject({
      code: 'InvalidArgument',
      message: expect.stringContaining('parameter 5 cannot be bound: [object Symbol]'),
    });
    expect((await db.exec('SELECT ? AS v', 'ok')).values).toEqual([['ok']]);
  });
});

describe('sqlite3 databases', () => {
  it('a relative file persists across dials (relative to the working directory)', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const a = await dial('sqlite3://test1.db', { registry });
      await a.exec('CREATE TABLE k (v)');
      await a.exec('INSERT INTO k VALUES (?)', 'kept');
      await a.close();
      const b = await dial(`sqlite3://${join(dir, 'test1.db')}`, { registry });
      expect((await b.exec('SELECT v FROM k')).values).toEqual([['kept']]);
      await b.close();
    } finally {
      process.chdir(cwd);
    }
  });

  it('mode=ro refuses writes, mode=rw refuses a missing file', async () => {
    const path = join(dir, 'ro.db');
    const w = await dial(`sqlite3://${path}`, { registry });
    await w.exec('CREATE TABLE k (v)');
    await w.close();
    const r = await dial(`sqlite3://${path}?mode=ro`, { registry });
    await expect(r.exec('INSERT INTO k VALUES (1)')).rejects.toMatchObject({
      code: 'Query',
      serverCode: 'SQLITE_READONLY',
    });
    await r.close();
    await expect(dial(`sqlite3://${join(dir, 'missing.db')}?mode=rw`, { registry })).rejects.toMatchObject({
      code: 'NotFound',
    });
  });

  it('file:NAME?cache=shared&mode=memory is one database for every dial of the name', async () => {
    const a = await dial('sqlite3://file:shared1?cache=shared&mode=memory', { registry });
    const b = await dial('sqlite3://file:shared1?cache=shared&mode=memory', { registry });
    const other = await dial('sqlite3://file:shared2?cache=shared&mode=memory', { registry });
    await a.exec('CREATE TABLE s (v)');
    await a.exec('INSERT INTO s VALUES (?)', 1);
    expect((await b.exec('SELECT v FROM s')).values).toEqual([[1]]);
    await expect(other.exec('SELECT v FROM s')).rejects.toMatchObject({ code: 'Query' });
    await a.close();
    expect((await b.exec('SELECT v FROM s')).values).toEqual([[1]]);
    await Promise.all([b.close(), other.close()]);
    const fresh = await dial('sqlite3://file:shared1?cache=shared&mode=memory', { registry });
    await expect(fresh.exec('SELECT v FROM s')).rejects.toMatchObject({ code: 'Query' });
    await fresh.close();
  });

  it(':memory: databases are private to each dial', async () => {
    const a = await dial('sqlite3://:memory:', { registry });
    const b = await dial('sqlite3://:memory:', { registry });
    await a.exec('CREATE TABLE p (v)');
    await expect(b.exec('SELECT * FROM p')).rejects.toMatchObject({ code: 'Query' });
    await Promise.all([a.close(), b.close()]);
  });
});
