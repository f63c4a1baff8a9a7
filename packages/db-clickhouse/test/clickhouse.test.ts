import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry, dial, type Connection } from '@omnidial/core';
import { clickhouseDriver } from '../src/index.js';
import { expectExecAfterRestart, requireService } from '@omnidial/test-infra/vitest';

const address = requireService('clickhouse');
const registry = new Registry().register(clickhouseDriver);

/** Strings that try to break out of a literal. */
const ATTACKS = [
  "'; DROP TABLE x; --",
  "\\'; DROP TABLE x; --",
  '\\',
  "'",
  "''",
  "\\\\'",
  'a\0b',
  '\n--',
  '*/ SELECT 1 /*',
  '?',
  '`',
  '"',
  '\u2028',
  'é漢字🙂',
  '\\x27',
  "' OR '1'='1",
];

if (address !== undefined) {
  describe('clickhouse exec', () => {
    let db: Connection;
    const table = `t_${process.pid}_${Date.now()}`;
    beforeAll(async () => {
      db = await dial(address, { registry });
      await db.exec(
        `CREATE TABLE ${table} (id UInt64, n Int64, f Float64, s String, ts DateTime('UTC'), day Date, tags Array(Int64), opt Nullable(Int64)) ENGINE = MergeTree ORDER BY id`,
      );
    });
    afterAll(async () => {
      await db.exec(`DROP TABLE IF EXISTS ${table}`);
      await db.close();
    });

    it('inserts with ? and maps types', async () => {
      const when = new Date('2024-05-06T07:08:09Z');
      await db.exec(
        `INSERT INTO ${table} VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        18446744073709551615n,
        -(2n ** 62n),
        -1.5,
        'x',
        when,
        '2024-05-06',
        [1, -2, 2n ** 60n],
        null,
      );
      await db.exec(`INSERT INTO ${table} VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, 2, 7, 0.25, 'y', when, '2024-05-07', [], 5);
      const rows = await db.exec(`SELECT id, n, f, s, ts, day, tags, opt FROM ${table} WHERE n < ? ORDER BY id`, 100);
      expect(rows.columns).toEqual(['id', 'n', 'f', 's', 'ts', 'day', 'tags', 'opt']);
      expect(rows.values).toEqual([
        [2, 7, 0.25, 'y', '2024-05-06 07:08:09', '2024-05-07', [], 5],
        [18446744073709551615n, -(2n ** 62n), -1.5, 'x', '2024-05-06 07:08:09', '2024-05-06', [1, -2, 2n ** 60n], null],
      ]);
    });

    it('keeps every injection attempt through a parameter as data', async () => {
      for (const [i, attack] of ATTACKS.entries()) {
        await db.exec(`INSERT INTO ${table} (id, s) VALUES (?, ?)`, 1000 + i, attack);
        expect((await db.exec('SELECT ? AS v', attack)).values).toEqual([[attack]]);
      }
      const stored = await db.exec(`SELECT s FROM ${table} WHERE id >= ? AND id < ? ORDER BY id`, 1000, 2000);
      expect(stored.values.map((r) => r[0])).toEqual(ATTACKS);
      expect((await db.exec(`SELECT count() AS c FROM ${table} WHERE s = ?`, ATTACKS[0])).values).toEqual([[1]]);
      expect((await db.exec('SELECT ? AS v', Buffer.from([0, 39, 92, 255]))).values[0]![0]).toBeTypeOf('string');
    });

    it('a failed statement carries the server code; the connection stays usable', async () => {
      const error = await db.exec('SELECT * FROM no_such_table_omnidial').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'Query', serverCode: 60, op: 'exec' });
      expect((await db.exec('SELECT ? AS v', 'ok')).values).toEqual([['ok']]);
      await expect(db.exec('SELECT ?, ?', 1)).rejects.toMatchObject({ code: 'InvalidArgument' });
    });
  });

  describe('clickhouse address forms against the server', () => {
    it("FMZ's tcp:// form with http_port reaches the same server", async () => {
      const u = new URL(address.replace(/^clickhouse:/, 'http:'));
      const fmz = `clickhouse://tcp://${u.hostname}:9000?username=${u.username}&password=${u.password}&database=${u.pathname.slice(1)}&http_port=${u.port}`;
      const db = await dial(fmz, { registry });
      expect((await db.exec('SELECT currentDatabase() AS d')).values).toEqual([[u.pathname.slice(1)]]);
      await db.close();
    });

    it('a wrong password is PermissionDenied and is never shown', async () => {
      const error = await dial(address.replace(/:[^:@/]+@/, ':Wrong-Pw-77@'), { registry }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'PermissionDenied' });
      expect(String((error as Error).message)).not.toContain('Wrong-Pw-77');
    });
  });

  describe('clickhouse restart', () => {
    it('the next exec after the server is back succeeds', async () => {
      const db = await dial(address, { registry });
      try {
        await expectExecAfterRestart(db, 'clickhouse');
      } finally {
        await db.close();
      }
    }, 60_000);
  });
}
