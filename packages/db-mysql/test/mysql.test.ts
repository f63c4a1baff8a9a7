import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry, dial, type Connection } from '@omnidial/core';
import { mysqlDriver } from '../src/index.js';
import { expectExecAfterRestart, requireService, requireTlsService } from '@omnidial/test-infra/vitest';

const address = requireService('mysql');
const registry = new Registry().register(mysqlDriver);

if (address !== undefined) {
  describe('mysql exec', () => {
    let db: Connection;
    const table = `t_${process.pid}_${Date.now()}`;
    beforeAll(async () => {
      db = await dial(address, { registry });
      await db.exec(
        `CREATE TABLE ${table} (id BIGINT AUTO_INCREMENT PRIMARY KEY, n BIGINT, u BIGINT UNSIGNED, d DECIMAL(30,10), ts DATETIME(3), day DATE, raw BLOB, note TEXT)`,
      );
    });
    afterAll(async () => {
      await db.exec(`DROP TABLE IF EXISTS ${table}`);
      await db.close();
    });

    it('inserts with ?, reports affectedRows and lastInsertId, maps types', async () => {
      const when = new Date('2024-05-06T07:08:09.123Z');
      const inserted = await db.exec(
        `INSERT INTO ${table} (n, u, d, ts, day, raw, note) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        2n ** 62n,
        18446744073709551615n,
        '12345678901234567890.0123456789',
        when,
        '2024-05-06',
        Buffer.from([0, 1, 255]),
        null,
      );
      expect(inserted).toMatchObject({ affectedRows: 1, lastInsertId: 1, columns: [], values: [] });
      const rows = await db.exec(`SELECT n, u, d, ts, day, raw, note FROM ${table} WHERE id = ?`, 1);
      expect(rows.columns).toEqual(['n', 'u', 'd', 'ts', 'day', 'raw', 'note']);
      expect(rows.values).toEqual([
        [
          2n ** 62n,
          18446744073709551615n,
          '12345678901234567890.0123456789',
          when,
          '2024-05-06',
          Buffer.from([0, 1, 255]),
          null,
        ],
      ]);
      await db.exec(`INSERT INTO ${table} (n) VALUES (?), (?)`, 7, -3);
      expect((await db.exec(`SELECT n FROM ${table} WHERE id > ? ORDER BY id`, 1)).values).toEqual([[7], [-3]]);
      expect((await db.exec(`UPDATE ${table} SET note = ? WHERE n < ?`, 'small', 100)).affectedRows).toBe(2);
      expect((await db.exec(`SELECT COUNT(*) AS c FROM ${table}`)).values).toEqual([[3]]);
    });

    it('keeps an injection attempt through a parameter as data', async () => {
      const evil = `'); DROP TABLE ${table}; -- \\' " \0`;
      await db.exec(`INSERT INTO ${table} (note) VALUES (?)`, evil);
      expect((await db.exec(`SELECT note FROM ${table} WHERE note = ?`, evil)).values).toEqual([[evil]]);
    });

    it('a failed statement carries errno; the connection stays usable', async () => {
      const error = await db.exec('SELECT * FROM no_such_table_omnidial').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'Query', serverCode: 1146, op: 'exec' });
      expect((error as Error).message).toContain('42S02');
      expect((await db.exec('SELECT ? AS v', 'ok')).values).toEqual([['ok']]);
    });

    it("captures no stack per statement: a failure's cause keeps mysql2's own stack, not the caller's", async () => {
      const callerOfExec = () => db.exec('SELECT * FROM no_such_table_omnidial WHERE id = ?', 1);
      const error = (await callerOfExec().catch((e: unknown) => e)) as Error;
      expect(error).toMatchObject({ code: 'Query', serverCode: 1146 });
      expect((error.cause as Error).stack).toContain('no_such_table_omnidial');
      expect((error.cause as Error).stack).not.toContain('callerOfExec');
    });
  });

  describe('mysql address forms against the server', () => {
    it('the Go-driver DSN reaches the same server', async () => {
      const u = new URL(address);
      const go = `mysql://${u.username}:${u.password}@tcp(${u.hostname}:${u.port})${u.pathname}?charset=utf8mb4&parseTime=true&loc=UTC`;
      const db = await dial(go, { registry });
      expect((await db.exec('SELECT DATABASE() AS d')).values).toEqual([[decodeURIComponent(u.pathname.slice(1))]]);
      await db.close();
    });

    it('a wrong password is PermissionDenied and is never shown', async () => {
      const error = await dial(address.replace(/:[^:@/]+@/, ':Wrong-Pw-77@'), { registry }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'PermissionDenied' });
      expect(String((error as Error).message)).not.toContain('Wrong-Pw-77');
    });
  });

  describe('mysql restart', () => {
    it('the next exec after the server is back succeeds (the pool opens a fresh connection)', async () => {
      const db = await dial(address, { registry });
      try {
        await expectExecAfterRestart(db, 'mysql');
      } finally {
        await db.close();
      }
    }, 60_000);
  });
}

const tls = requireTlsService('mysql');
if (tls !== undefined) {
  it('refuses servername= (mysql2 cannot apply it) instead of ignoring it', async () => {
    const error = await dial(`${tls.url}|ca=${tls.caFile}&servername=localhost`, { registry }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('servername= is not supported');
    expect((error as { code?: string }).code).toBe('InvalidArgument');
  });
}
