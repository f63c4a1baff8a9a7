import { afterAll, describe, expect, it, vi } from 'vitest';
import { requireService } from '@omnidial/test-infra/vitest';
import { dial } from '../src/index.js';
import { Dial, lastError, release } from '../src/sync/index.js';
import { startWorker } from '../src/worker-entry.js';
import { startEchoPeer } from './support/echo-peer.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });
const peer = await startEchoPeer();
afterAll(() => peer.stop());

describe('omnidial/sync Dial()', () => {
  it('gives null with the reason in lastError(): unknown scheme, bad option, refused connection', () => {
    expect(Dial('bogus://x')).toBeNull();
    expect(lastError()).toMatchObject({ code: 'InvalidArgument' });
    expect(lastError()!.message).toContain('bogus');
    expect(Dial(`${peer.ws}|reconect=true`)).toBeNull();
    expect(lastError()).toMatchObject({ code: 'InvalidArgument' });
    expect(lastError()!.message).toContain('reconect');
    expect(Dial('tcp://127.0.0.1:1', 5)).toBeNull();
    expect(lastError()).toMatchObject({ code: 'Unavailable', op: 'dial' });
  });

  it('never shows credentials in lastError() or the connection', () => {
    expect(Dial('mysql://bot:s3cr3t-pw@127.0.0.1:1/db', 5)).toBeNull();
    expect(lastError()!.message).not.toContain('s3cr3t-pw');
    expect(String(lastError()!.address)).not.toContain('s3cr3t-pw');
    const conn = Dial(peer.ws.replace('ws://', 'ws://bot:s3cr3t-pw@'))!;
    expect(String(conn)).not.toContain('s3cr3t-pw');
    conn.close();
  });

  it('rejects a bad read timeout and a bad write argument with a failure value and a reason', () => {
    const conn = Dial(peer.tcp)!;
    expect(conn.read(-7)).toBeNull();
    expect(lastError()).toMatchObject({ code: 'InvalidArgument', op: 'read' });
    expect(conn.write(42 as unknown as string)).toBe(0);
    expect(lastError()).toMatchObject({ code: 'InvalidArgument', op: 'write' });
    expect(conn.exec('SELECT 1')).toBeNull();
    expect(lastError()).toMatchObject({ code: 'Unimplemented' });
    conn.close();
  });
});

describe('omnidial/sync exec()', () => {
  it('runs statements on SQLite: {columns, values}, bigint beyond 2^53, null with the reason on failure', () => {
    const db = Dial('sqlite3://:memory:')!;
    expect(db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, big INTEGER, name TEXT)')).toMatchObject({
      columns: [],
      values: [],
    });
    expect(db.exec('INSERT INTO t (big, name) VALUES (?, ?)', 2n ** 60n, 'x')).toMatchObject({
      affectedRows: 1,
      lastInsertId: 1,
    });
    expect(db.exec('SELECT big, name FROM t')).toEqual({ columns: ['big', 'name'], values: [[2n ** 60n, 'x']] });
    expect(db.exec('SELECT * FROM no_such_table')).toBeNull();
    expect(lastError()).toMatchObject({ code: 'Query', op: 'exec' });
    expect(db.read()).toBeNull();
    expect(lastError()).toMatchObject({ code: 'Unimplemented' });
    db.close();
    expect(db.exec('SELECT 1')).toBeNull();
    expect(lastError()).toMatchObject({ code: 'Closed' });
  });

  const postgres = requireService('postgres');
  if (postgres !== undefined) {
    it('runs statements on PostgreSQL with $1 parameters', () => {
      const db = Dial(postgres, 20);
      if (db === null) throw lastError();
      expect(db.exec('SELECT $1::int + 1 AS n, $2::text AS s', 41, 'ok')).toMatchObject({
        columns: ['n', 's'],
        values: [[42, 'ok']],
      });
      expect(db.exec('SELECT * FROM no_such_table_omnidial')).toBeNull();
      expect(lastError()).toMatchObject({ code: 'Query', serverCode: '42P01' });
      db.close();
    });
  }
});

describe('omnidial/sync handles', () => {
  it('an fd() handle of sqlite3://:memory: keeps the database after close(), until release()', () => {
    const db = Dial('sqlite3://:memory:')!;
    db.exec('CREATE TABLE kept (v TEXT)');
    db.exec("INSERT INTO kept VALUES ('still here')");
    const handle = db.fd();
    expect(handle).toBeGreaterThan(0);
    db.close();
    const again = Dial(handle)!;
    expect(again.exec('SELECT v FROM kept')?.values).toEqual([['still here']]);
    again.close();
    expect(release(handle)).toBe(true);
    expect(Dial(handle, 1)).toBeNull();
    expect(lastError()).toMatchObject({ code: 'NotFound' });
  });

  it('shares one database and one socket with a worker thread that uses omnidial/sync too', async () => {
    const db = Dial('sqlite3://:memory:')!;
    db.exec('CREATE TABLE shared (id INTEGER PRIMARY KEY, name TEXT)');
    db.exec('INSERT INTO shared (name) VALUES (?)', 'from-main');
    const stream = Dial(peer.tcp)!;
    const worker = startWorker('fixtures/sync-worker', import.meta.url, {
      workerData: { db: db.fd(), stream: stream.fd() },
    });
    const report = await new Promise<Record<string, unknown>>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(report).toEqual({ before: [['from-main']], wrote: 11 });
    expect(db.exec('SELECT name FROM shared ORDER BY id')?.values).toEqual([['from-main'], ['from-worker']]);
    expect(stream.read(10_000)).toBe('from-worker');
    db.close();
    stream.close();
  });

  it('an async dial() attaches to a handle of omnidial/sync', async () => {
    const db = Dial('sqlite3://:memory:')!;
    db.exec('CREATE TABLE t (v INTEGER)');
    db.exec('INSERT INTO t VALUES (7)');
    const view = await dial(db.fd());
    expect((await view.exec('SELECT v FROM t')).values).toEqual([[7]]);
    await view.close();
    db.close();
  });
});
