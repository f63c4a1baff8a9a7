/**
 * `omnidial/sync` (blocking calls through an engine thread) next to the async API, and the
 * hand-written channel next to synckit carrying the same async core: a read of a queued
 * message, and exec() on SQLite and PostgreSQL. Each figure is the best of RUNS runs.
 */
import { fileURLToPath } from 'node:url';
import { createSyncFn } from 'synckit';
import { dial } from 'omnidial';
import { Dial, type SyncConnection } from 'omnidial/sync';
import type { ServiceName } from '@omnidial/test-infra';
import { info, num } from './lib/rows.js';
import { RUNS, scaled } from './lib/stats.js';
import { startChild } from './lib/child.js';
import { withService } from './lib/services.js';
import type { BenchSection, Row } from './lib/types.js';

/** The test server this section starts (run.ts runs the sections that start none first). */
export const services: readonly ServiceName[] = ['postgres'];

const READS = scaled(2000);
const EXECS = scaled(5000);
const nap = new Int32Array(new SharedArrayBuffer(4));
type SynckitCall = (op: string, id: number, ...args: unknown[]) => unknown;

/** Microseconds per call of `body`, best of RUNS runs of `count` calls (after `prepare`). */
async function perCall(
  count: number,
  prepare: () => Promise<void> | void,
  body: (i: number) => unknown,
): Promise<number> {
  let best = Infinity;
  for (let run = 0; run < RUNS; run++) {
    await prepare();
    const started = process.hrtime.bigint();
    for (let i = 0; i < count; i++) {
      const value = body(i);
      if (value instanceof Promise) await value;
    }
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1000 / count);
  }
  return best;
}

function blockUntil(condition: () => boolean): void {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('bench: the feed did not arrive');
    Atomics.wait(nap, 0, 0, 5);
  }
}

async function queuedReads(port: number, synckit: SynckitCall): Promise<Row> {
  const address = `ws://127.0.0.1:${port}/${READS}|qsize=${READS}`;
  let sync: SyncConnection | undefined;
  const syncRead = await perCall(
    READS,
    () => {
      sync?.close();
      sync = Dial(address)!;
      blockUntil(() => sync!.stats().queued === READS);
    },
    () => sync!.read(),
  );
  sync?.close();
  let skId = 0;
  const skRead = await perCall(
    READS,
    () => {
      if (skId !== 0) synckit('close', skId);
      skId = synckit('dial', 0, address) as number;
      blockUntil(() => synckit('stats', skId) === READS);
    },
    () => synckit('read', skId),
  );
  synckit('close', skId);
  let conn = await dial(address);
  const asyncRead = await perCall(
    READS,
    async () => {
      await conn.close();
      conn = await dial(address);
      while (conn.stats().queued < READS) await new Promise((resolve) => setTimeout(resolve, 5));
    },
    () => conn.read(),
  );
  await conn.close();
  return row('read() of a queued ws message', syncRead, skRead, asyncRead);
}

function row(call: string, sync: number, synckit: number, async: number): Row {
  return info(call, `${num(async, 2)} µs`, `${num(sync, 1)} µs`, `same core behind synckit: ${num(synckit, 1)} µs`);
}

async function execs(
  name: string,
  address: string,
  sql: string,
  param: (i: number) => unknown,
  synckit: SynckitCall,
): Promise<Row> {
  const sync = Dial(address, 20)!;
  const syncExec = await perCall(
    EXECS,
    () => undefined,
    (i) => sync.exec(sql, param(i)),
  );
  sync.close();
  const skId = synckit('dial', 0, address) as number;
  const skExec = await perCall(
    EXECS,
    () => undefined,
    (i) => synckit('exec', skId, sql, [param(i)]),
  );
  synckit('close', skId);
  const conn = await dial(address, 20);
  const asyncExec = await perCall(
    EXECS,
    () => undefined,
    (i) => conn.exec(sql, param(i)),
  );
  await conn.close();
  return row(`exec() point select, ${name}`, syncExec, skExec, asyncExec);
}

/** Runs the section. */
export async function run(): Promise<BenchSection> {
  const feed = await startChild<{ ws: number }>(fileURLToPath(new URL('./lib/feed-server.mjs', import.meta.url)), []);
  const synckit = createSyncFn(fileURLToPath(new URL('./lib/synckit-engine.mjs', import.meta.url))) as SynckitCall;
  const rows: Row[] = [];
  try {
    rows.push(await queuedReads(feed.ports.ws, synckit));
    rows.push(await execs('sqlite3 :memory:', 'sqlite3://:memory:', 'SELECT ? AS n', (i) => i, synckit));
    rows.push(await withService('postgres', (url) => execs('postgres', url, 'SELECT $1::int AS n', (i) => i, synckit)));
  } finally {
    await feed.stop();
  }
  return {
    title: 'Synchronous calls (omnidial/sync)',
    baseline: 'async API (await), per call',
    rows,
    notes: [
      'Not a raw comparison: the omnidial column is the blocking API `omnidial/sync`, the baseline column the async API of the same connection.',
      `Microseconds per call, best of ${RUNS} runs: ${READS} reads of messages already queued (a ws feed of ${READS} small JSON messages), ${EXECS} point selects.`,
      'The sync columns block the calling thread on Atomics.wait while an engine thread runs the async core; the synckit column carries the very same engine calls over synckit 0.11 (see docs/decisions/0140).',
    ],
  };
}
