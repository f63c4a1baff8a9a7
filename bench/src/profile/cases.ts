/**
 * The hot paths `bench/profile.ts` profiles, one per process: `tsx cases.ts <case> <out.cpuprofile>`.
 * Each runs only the omnidial side of a bench row. The V8 CPU profiler (what `node --cpu-prof`
 * runs) is started through node:inspector around the measured part only, so module loading and
 * set-up are not in the profile.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestPki } from '@omnidial/test-infra';
import amqp from 'amqplib';
import Database from 'better-sqlite3';
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';
import { dial, Registry } from '@omnidial/core';
import { natsDriver } from '@omnidial/mq-nats';
import { mqttDriver } from '@omnidial/mq-mqtt';
import { kafkaDriver } from '@omnidial/mq-kafka';
import { amqpDriver } from '@omnidial/mq-amqp';
import { sqliteDriver } from '@omnidial/db-sqlite';
import { tcpDriver, udpDriver } from '@omnidial/transport-net';
import { wsDriver } from '@omnidial/transport-ws';
import { startChild } from '../lib/child.js';
import { rawConsume } from '../lib/amqp-raw.js';
import { omnidialFlood } from '../lib/messaging.js';
import { omniFlood, omniWrites } from '../lib/stream-measure.js';
import { flatText } from '../lib/payload.js';

const registry = new Registry()
  .register(natsDriver)
  .register(mqttDriver)
  .register(kafkaDriver)
  .register(amqpDriver)
  .register(sqliteDriver)
  .register(tcpDriver)
  .register(udpDriver)
  .register(wsDriver);
const PAYLOAD = flatText('x'.repeat(64));

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
  nats: (measured) => natsFlood(measured, false),
  /** The same with readMany()/writeMany(). */
  natsMany: (measured) => natsFlood(measured, true),
  /** 100k publish→consume through mosquitto at QoS 0 (write() with 1000 in flight, read() per message). */
  async mqtt(measured) {
    const url = process.env.OMNIDIAL_TEST_MQTT_URL!;
    const topic = `profile/${process.pid}`;
    const reader = await dial(`${url}?topic=${topic}|qsize=100000`, { registry });
    const writer = await dial(`${url}?topic=${topic}&echo=false`, { registry });
    await measured(() =>
      omnidialFlood(reader, writer, { count: 100_000, window: 1000, payload: PAYLOAD, readTimeoutMs: 2000 }).then(
        () => undefined,
      ),
    );
    await Promise.all([reader.close(), writer.close()]);
  },
  /** 100k produce→consume through Kafka (write() with 1000 in flight, read() per message). */
  kafka: (measured) => kafkaFlood(measured, false),
  /** The same with readMany()/writeMany(). */
  kafkaMany: (measured) => kafkaFlood(measured, true),
  /** The amqp bench row: 100k publish→consume on one connection, prefetch 2000, read()/write() per message. */
  amqp: (measured) => amqpFlood(measured, false),
  /** The same with readMany()/writeMany(). */
  amqpMany: (measured) => amqpFlood(measured, true),
  /** The raw side of the amqp row: amqplib, a publish and a consume channel, one ack(allUpTo) per turn. */
  async amqpRaw(measured) {
    const model = await amqp.connect(process.env.OMNIDIAL_TEST_AMQP_URL!, { noDelay: true });
    const [pub, sub] = await Promise.all([model.createChannel(), model.createChannel()]);
    const queue = `profile_raw_${process.pid}`;
    await pub.assertQueue(queue, { durable: false, autoDelete: true });
    await sub.prefetch(2000);
    let received = 0;
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const consumer = await rawConsume(sub, queue, () => {
      if (++received === 100_000) done();
    });
    const body = Buffer.from(PAYLOAD);
    await measured(async () => {
      for (let i = 0; i < 100_000; i += 1) {
        if (!pub.publish('', queue, body)) await new Promise((resolve) => pub.once('drain', resolve));
      }
      await finished;
    });
    process.stderr.write(`amqp raw: ${received} of 100000 messages (${consumer.chars()} chars)\n`);
    consumer.flush();
    await model.close();
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
  /** 300k point selects on SQLite :memory: through execMany() (batches of 10,000). */
  async sqliteMany(measured) {
    const db = await dial('sqlite3://:memory:', { registry });
    await db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, price REAL, note TEXT)');
    for (let i = 0; i < 1000; i++) await db.exec('INSERT INTO t VALUES (?, ?, ?)', i, i * 1.5, 'seed');
    await measured(async () => {
      for (let b = 0; b < 30; b++) {
        await db.execMany(
          'SELECT id, price, note FROM t WHERE id = ?',
          Array.from({ length: 10_000 }, (_, i) => [i % 1000]),
        );
      }
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
  /** The udp bench row: 100k × 64 B datagrams from lib/udp-server.mjs, readMany(rest, 300). */
  udpMany: (measured) => udpFlood(measured, true),
  /** The same flood, read(300) per datagram. */
  udp: (measured) => udpFlood(measured, false),
  /** The tcp bench row: a 100 MB flood in 16 KB server writes, readMany() until the peer closes. */
  tcpMany: (measured) => tcpFlood(measured, true),
  /** The same flood, read() per chunk. */
  tcp: (measured) => tcpFlood(measured, false),
  /** The tcp write() row: 300k × 64 B to the sink, 1,000 in flight. */
  async tcpWrites(measured) {
    const script = fileURLToPath(new URL('../lib/stream-server.mjs', import.meta.url));
    const server = await startChild<{ sink: number }>(script, ['tcp', '0', '1024', String(300_000 * 64)]);
    await measured(() =>
      omniWrites({ scheme: 'tcp' }, server.ports.sink, 300_000, PAYLOAD, 1000, false).then(() => undefined),
    );
    await server.stop();
  },
  /** The tls write() row: 300k × 64 B to the sink, 1,000 in flight. */
  async tlsWrites(measured) {
    const pki = makeTestPki(mkdtempSync(join(tmpdir(), 'omnidial-prof-pki-')));
    const script = fileURLToPath(new URL('../lib/stream-server.mjs', import.meta.url));
    const server = await startChild<{ sink: number }>(script, [
      'tls',
      '0',
      '1024',
      String(300_000 * 64),
      pki.certFile,
      pki.keyFile,
    ]);
    const target = { scheme: 'tls' as const, caFile: pki.caFile };
    await measured(() => omniWrites(target, server.ports.sink, 300_000, PAYLOAD, 1000, false).then(() => undefined));
    await server.stop();
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

async function natsFlood(measured: Parameters<Case>[0], batch: boolean): Promise<void> {
  const url = process.env.OMNIDIAL_TEST_NATS_URL!;
  const topic = `profile.${process.pid}.${Number(batch)}`;
  const reader = await dial(`${url}?topic=${topic}|qsize=300000`, { registry });
  const writer = await dial(`${url}?topic=${topic}&echo=false`, { registry });
  await measured(() =>
    omnidialFlood(reader, writer, {
      count: 300_000,
      window: 1000,
      payload: PAYLOAD,
      readTimeoutMs: 2000,
      yieldEachWindow: true,
      batch,
    }).then(() => undefined),
  );
  await Promise.all([reader.close(), writer.close()]);
}

async function kafkaFlood(measured: Parameters<Case>[0], batch: boolean): Promise<void> {
  const url = process.env.OMNIDIAL_TEST_KAFKA_URL!;
  const conn = await dial(`${url}/profile_${process.pid}_${Number(batch)}`, { registry, timeout: 60 });
  await measured(() =>
    omnidialFlood(conn, conn, { count: 100_000, window: 1000, payload: PAYLOAD, readTimeoutMs: 10_000, batch }).then(
      () => undefined,
    ),
  );
  await conn.close();
}

async function amqpFlood(measured: Parameters<Case>[0], batch: boolean): Promise<void> {
  const url = process.env.OMNIDIAL_TEST_AMQP_URL!;
  const conn = await dial(`${url}?queue=profile_${process.pid}_${Number(batch)}&prefetch=2000`, { registry });
  await measured(() =>
    omnidialFlood(conn, conn, { count: 100_000, window: 1000, payload: PAYLOAD, readTimeoutMs: 5000, batch }).then(
      ({ received }) => void process.stderr.write(`amqp: ${received} of 100000 messages\n`),
    ),
  );
  await conn.close();
}

async function udpFlood(measured: Parameters<Case>[0], batch: boolean): Promise<void> {
  const server = await startChild<{ port: number }>(
    fileURLToPath(new URL('../lib/udp-server.mjs', import.meta.url)),
    [],
  );
  const conn = await dial(`udp://127.0.0.1:${server.ports.port}|qsize=100000`, { registry });
  let received = 0;
  await measured(async () => {
    await conn.write('flood 100000 64');
    while (received < 100_000) {
      const got = batch ? await conn.readMany(100_000 - received, 300) : [await conn.read(300)];
      if (got === null || got.length === 0 || got[0] === null) break;
      received += got.length;
    }
  });
  process.stderr.write(`udp: ${received} of 100000 datagrams\n`);
  await conn.close();
  await server.stop();
}

async function tcpFlood(measured: Parameters<Case>[0], batch: boolean): Promise<void> {
  const script = fileURLToPath(new URL('../lib/stream-server.mjs', import.meta.url));
  const server = await startChild<{ flood: number }>(script, ['tcp', String(100 * 2 ** 20), String(16 * 2 ** 10), '1']);
  await measured(() => omniFlood({ scheme: 'tcp' }, server.ports.flood, false, batch).then(() => undefined));
  await server.stop();
}

const [name = '', out = 'case.cpuprofile'] = process.argv.slice(2);
const body = cases[name];
if (body === undefined) {
  process.stderr.write(`unknown case ${name}; cases: ${Object.keys(cases).join(', ')}\n`);
  process.exit(1);
}
await body((measuredBody) => profiled(out, measuredBody));
process.exit(0);
