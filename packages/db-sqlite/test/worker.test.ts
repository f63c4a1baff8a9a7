import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { Registry, dial, release } from '@omnidial/core';
import { startSourceWorker } from '@omnidial/test-infra';
import { sqliteDriver } from '../src/index.js';

const registry = new Registry().register(sqliteDriver);
const fixture = new URL('./fixtures/worker.mjs', import.meta.url);

interface Report {
  step: string;
  before?: { values: unknown[][] };
  after?: { values: unknown[][] };
  error?: { code: string; message: string };
  message?: string;
}

function runWorker(data: object, onReady?: (worker: Worker) => Promise<void>): Promise<Report> {
  const worker = startSourceWorker(fixture, { workerData: data }); // the same @omnidial/core sources as this test
  return new Promise<Report>((resolve, reject) => {
    worker.on('message', (report: Report) => {
      if (report.step === 'ready') void onReady?.(worker).then(() => worker.postMessage('go'), reject);
      else resolve(report);
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`worker exited with ${code} before reporting`)));
  }).finally(() => void worker.terminate());
}

describe('sqlite3 handles across worker threads', () => {
  it('a worker sees the :memory: database of the main thread, also after its close()', async () => {
    const db = await dial('sqlite3://:memory:', { registry });
    await db.exec('CREATE TABLE shared (id INTEGER PRIMARY KEY, name TEXT)');
    await db.exec('INSERT INTO shared VALUES (?, ?)', 1, 'from-main');
    const handle = db.fd();
    const report = await runWorker({ handle, table: 'shared', waitForClose: true }, () => db.close());
    expect(report.step).toBe('done');
    expect(report.before?.values).toEqual([[1, 'from-main']]);
    expect(report.after?.values).toEqual([[2]]);
    expect(report.error).toMatchObject({ code: 'Query', serverCode: 'SQLITE_ERROR' });
  });

  it('the main thread sees what the worker wrote', async () => {
    const db = await dial('sqlite3://:memory:', { registry });
    await db.exec('CREATE TABLE shared (id INTEGER PRIMARY KEY, name TEXT)');
    const report = await runWorker({ handle: db.fd(), table: 'shared', waitForClose: false });
    expect(report.step).toBe('done');
    expect((await db.exec('SELECT name FROM shared')).values).toEqual([['from-worker']]);
    await db.close();
  });

  it('an fd() handle keeps a :memory: database after every holder closed, until release()', async () => {
    const db = await dial('sqlite3://:memory:', { registry });
    await db.exec('CREATE TABLE kept (v TEXT)');
    await db.exec("INSERT INTO kept VALUES ('still here')");
    const handle = db.fd();
    await db.close();
    const view = await dial(handle);
    expect((await view.exec('SELECT v FROM kept')).values).toEqual([['still here']]);
    await view.close();
    expect((await (await dial(handle)).exec('SELECT count(*) AS n FROM kept')).values).toEqual([[1]]);
    expect(await release(handle)).toBe(true);
    await expect(dial(handle, 1)).rejects.toMatchObject({ code: 'NotFound' });
    expect(await release(handle)).toBe(false);
  });
});
