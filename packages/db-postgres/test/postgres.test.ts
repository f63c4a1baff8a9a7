import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry, dial, type Connection } from '@omnidial/core';
import { postgresDriver } from '../src/index.js';
import { expectExecAfterRestart, requireService } from '@omnidial/test-infra/vitest';

const address = requireService('postgres');
const registry = new Registry().register(postgresDriver);

if (address !== undefined) {
  describe('postgres exec', () => {
    let db: Connection;
    const table = `t_${process.pid}_${Date.now()}`;
    beforeAll(async () => {
      db = await dial(address, { registry });
      await db.exec(
        `CREATE TABLE ${table} (id serial PRIMARY KEY, n int8, d numeric(30,10), ts timestamptz, day date, raw bytea, j jsonb, note text)`,
      );
    });
    afterAll(async () => {
      await db.exec(`DROP TABLE IF EXISTS ${table}`);
      await db.close();
    });

    it('inserts with ? and $n, reports affectedRows, maps types', async () => {
      const when = new Date('2024-05-06T07:08:09.123Z');
      const inserted = await db.exec(
        `INSERT INTO ${table} (n, d, ts, day, raw, j, note) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        2n ** 62n,
        '12345678901234567890.0123456789',
        when,
        '2024-05-06',
        Buffer.from([0, 1, 255]),
        JSON.stringify({ a: 1 }),
        null,
      );
      expect(inserted).toMatchObject({ affectedRows: 1, columns: [], values: [] });
      await db.exec(`INSERT INTO ${table} (n) VALUES ($1), ($2)`, 7, -3);
      const rows = await db.exec(`SELECT n, d, ts, day, raw, j, note FROM ${table} ORDER BY id`);
      expect(rows.columns).toEqual(['n', 'd', 'ts', 'day', 'raw', 'j', 'note']);
      expect(rows.values[0]).toEqual([
        2n ** 62n,
        '12345678901234567890.0123456789',
        when,
        '2024-05-06',
        Buffer.from([0, 1, 255]),
        { a: 1 },
        null,
      ]);
      expect(rows.values.slice(1).map((r) => r[0])).toEqual([7, -3]);
      const updated = await db.exec(`UPDATE ${table} SET note = ? WHERE n < ?`, 'small', 100);
      expect(updated.affectedRows).toBe(2);
      const returning = await db.exec(`INSERT INTO ${table} (n) VALUES (?) RETURNING id`, 1);
      expect(returning).toMatchObject({ columns: ['id'], affectedRows: 1 });
    });

    it('keeps an injection attempt through a parameter as data', async () => {
      const evil = `'); DROP TABLE ${table}; --`;
      await db.exec(`INSERT INTO ${table} (note) VALUES (?)`, evil);
      const found = await db.exec(`SELECT note FROM ${table} WHERE note = ?`, evil);
      expect(found.values).toEqual([[evil]]);
      expect((await db.exec(`SELECT count(*) AS c FROM ${table}`)).values[0]![0]).toBeGreaterThan(0);
    });

    it('a failed statement carries the SQLSTATE; the connection stays usable', async () => {
      const error = await db.exec('SELECT * FROM no_such_table_omnidial').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'Query', serverCode: '42P01', op: 'exec' });
      expect((await db.exec('SELECT ? AS v', 'ok')).values).toEqual([['ok']]);
    });

    it('rows are arrays: repeated column names are all kept, also from the last of several statements', async () => {
      expect(await db.exec('SELECT ?::int8 AS a, ? AS a', 5, 'x')).toEqual({ columns: ['a', 'a'], values: [[5, 'x']] });
      const last = await db.exec('SELECT 1 AS a; SELECT 2::int8 AS b, 3 AS b UNION ALL SELECT 4, 5');
      expect(last).toEqual({
        columns: ['b', 'b'],
        values: [
          [2, 3],
          [4, 5],
        ],
      });
    });

    it('read()/write() are Unimplemented', async () => {
      await expect(db.read()).rejects.toMatchObject({ code: 'Unimplemented' });
      await expect(db.write('x')).rejects.toMatchObject({ code: 'Unimplemented' });
    });
  });

  describe('postgres address forms against the server', () => {
    it('the lib/pq key=value DSN and postgresql:// reach the same server', async () => {
      const u = new URL(address);
      const kv = `postgres://user=${u.username} dbname=${u.pathname.slice(1)} sslmode=disable password='${decodeURIComponent(u.password)}' host=${u.hostname} port=${u.port}`;
      for (const form of [kv, address.replace(/^postgres:/, 'postgresql:')]) {
        const db = await dial(form, { registry });
        expect((await db.exec('SELECT current_database() AS d')).values).toEqual([[u.pathname.slice(1)]]);
        await db.close();
      }
    });

    it('a wrong password is PermissionDenied and is never shown', async () => {
      const error = await dial(address.replace(/:[^:@/]+@/, ':Wrong-Pw-77@'), { registry }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'PermissionDenied' });
      expect(String((error as Error).message)).not.toContain('Wrong-Pw-77');
    });
  });

  describe('postgres restart', () => {
    it('the next exec after the server is back succeeds (the pool opens a fresh connection)', async () => {
      const db = await dial(address, { registry });
      try {
        await expectExecAfterRestart(db, 'postgres');
      } finally {
        await db.close();
      }
    }, 60_000);
  });
}
