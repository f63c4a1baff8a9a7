/**
 * The hot paths `bench/profile.ts` profiles, one per process: `tsx cases.ts <case> <out.cpuprofile>`.
 * Each runs only the omnidial side of a bench row. The V8 CPU profiler (what `node --cpu-prof`
 * runs) is started through node:inspector around the measured part only, so module loading and
 * set-up are not in the profile.
 */
import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';
import { dial, Registry } from '@omnidial/core';
import { natsDriver } from '@omnidial/mq-nats';
import { kafkaDriver } from '@omnidial/mq-kafka';
import { sqliteDriver } from '@omnidial/db-sqlite';
import { tcpDriver } from '@omnidial/transport-net';
import { wsDriver } from '@omnidial/transport-ws';
import { startChild } from '../lib/child.js';
import { omnidialFlood } from '../lib/messaging.js';

const registry = new Registry()
  .register(natsDriver)
  .register(kafkaDriver)
  .register(sqliteDriver)
  .register(tcpDriver)
  .register(wsDriver);
const PAYLOAD = 'x'.repeat(64);

/** Profiles `body` at a 100 µs sampling interval and writes the profile to `file`. */
async function profiled(file: string, body: () => Promise<void>): Promise<void> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  await body();
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
}

type Case = (measured: (body: () => Promise<void>) => Promise<void>) => Promise<void>;

const cases: Record<string, Case> = {
  /** 300k publish→consume through core NATS (read() per message). */
  async nats(measured) {
    const url = process.env.OMNIDIAL_TEST_NATS_URL!;
    const topic = `profile.${process.pid}`;
    const reader = await dial(`${url}?topic=${topic}|qsize=300000`, { registry });
    const writer = await dial(`${url}?topic=${topic}&echo=false`, { registry });
    await measured(() =>
      omnidialFlood(reader, writer, {
        count: 300_000,
        window: 1000,
        payload: PAYLOAD,
        readTimeoutMs: 2000,
        yieldEachWindow: true,
      }).then(() => undefined),
    );
    await Promise.all([reader.close(), writer.close()]);
  },
  /** 100k produce→consume through Kafka (write() with 1000 in flight, read() per message). */
  async kafka(measured) {
    const url = process.env.OMNIDIAL_TEST_KAFKA_URL!;
    const conn = await dial(`${url}/profile_${process.pid}`, { registry, timeout: 60 });
    await measured(() =>
      omnidialFlood(conn, conn, { count: 100_000, window: 1000, payload: PAYLOAD, readTimeoutMs: 10_000 }).then(
        () => undefined,
      ),
    );
    await conn.close();
  },
  /** 300k point selects on SQLite :memory: through exec(). */
  async sqlite(measured) {
    const db = await dial('sqlite3://:memory:', { registry });
    await db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, price REAL, note TEXT)');
    for (let i = 0; i < 1000; i++) await db.exec('INSERT INTO t VALUES (?, ?, ?)', i, i * 1.5, 'seed');
    await measured(async () => {
      for (let i = 0; i < 300_000; i++) await db.exec('SELECT id, price, note FROM t WHERE id = ?', i % 1000);
    });
    await db.close();
  },
  /** The raw side of the sqlite row (better-sqlite3, awaited), to tell its native-call cost from omnidial's. */
  async sqliteRaw(measured) {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, price REAL, note TEXT)');
    const insert = db.prepare('INSERT INTO t VALUES (?, ?, ?)');
    for (let i = 0; i < 1000; i++) insert.run(i, i * 1.5, 'seed');
    const select = db.prepare('SELECT id, price, note FROM t WHERE id = ?').raw(true);
    const pointSelect = async (id: number): Promise<unknown> => select.all(id);
    await measured(async () => {
      for (let i = 0; i < 300_000; i++) await pointSelect(i % 1000);
    });
    db.close();
  },
  /** 300k small ws messages in one burst, read() per message. */
  async ws(measured) {
    const feed = await startChild<{ ws: number }>(
      fileURLToPath(new URL('../lib/feed-server.mjs', import.meta.url)),
      [],
    );
    const conn = await dial(`ws://127.0.0.1:${feed.ports.ws}/end/300000|qsize=300000&ping=0`, { registry });
    await measured(async () => {
      for (let i = 0; i < 300_000; i++) await conn.read();
    });
    await conn.close();
    await feed.stop();
  },
};

const [name = '', out = 'case.cpuprofile'] = process.argv.slice(2);
const body = cases[name];
if (body === undefined) {
  process.stderr.write(`unknown case ${name}; cases: ${Object.keys(cases).join(', ')}\n`);
  process.exit(1);
}
await body((measuredBody) => profiled(out, measuredBody));
process.exit(0);
