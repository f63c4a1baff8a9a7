/**
 * AMQP (RabbitMQ from test-infra): publish→consume throughput of 100k small messages with
 * manual acks, and publish→own-echo round-trip latency, through omnidial and raw amqplib.
 */
import amqp from 'amqplib';
import { dial, Registry } from '@omnidial/core';
import { amqpDriver } from '@omnidial/mq-amqp';
import { bestOf, RUNS } from './lib/best.js';
import { num } from './lib/format.js';
import { omnidialFlood, omnidialRoundTrips, summarize, type MessagingResult } from './lib/messaging.js';
import type { BenchSection } from './lib/types.js';

const COUNT = 100_000;
const ROUNDS = 2_000;
const WINDOW = 1_000;
const PAYLOAD = 'x'.repeat(64);
const PREFETCH = 2_000;

function brokerUrl(): string {
  const url = process.env.OMNIDIAL_TEST_AMQP_URL;
  if (!url) throw new Error('OMNIDIAL_TEST_AMQP_URL is not set: run through `pnpm with-services -- tsx bench/run.ts amqp`');
  return url;
}

const queueName = (what: string): string => `bench_${what}_${process.pid}_${Date.now()}`;

async function rawRun(url: string): Promise<MessagingResult> {
  const model = await amqp.connect(url, { noDelay: true }); // as omnidial does: no Nagle delay
  const [pub, sub] = await Promise.all([model.createChannel(), model.createChannel()]);
  const q = queueName('raw');
  await pub.assertQueue(q, { durable: false, autoDelete: false });
  await sub.prefetch(PREFETCH);
  let received = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => { done = resolve; });
  let echo: (() => void) | undefined;
  await sub.consume(q, (m) => { if (m === null) return; sub.ack(m); if (echo) echo(); else if (++received === COUNT) done(); });
  const body = Buffer.from(PAYLOAD);
  const start = performance.now();
  for (let i = 0; i < COUNT; i += 1) {
    if (!pub.publish('', q, body)) await new Promise((resolve) => pub.once('drain', resolve));
  }
  await finished;
  const seconds = (performance.now() - start) / 1000;
  const rtt: number[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    const t0 = performance.now();
    const back = new Promise<void>((resolve) => { echo = resolve; });
    pub.publish('', q, body);
    await back;
    rtt.push(performance.now() - t0);
  }
  await pub.deleteQueue(q);
  await model.close();
  return summarize(COUNT, received, seconds, rtt);
}

async function omnidialRun(url: string): Promise<MessagingResult> {
  const registry = new Registry().register(amqpDriver);
  const conn = await dial(`${url}?queue=${queueName('omni')}&prefetch=${PREFETCH}`, { registry });
  const { received, seconds } = await omnidialFlood(conn, conn, { count: COUNT, window: WINDOW, payload: PAYLOAD, readTimeoutMs: 5000 });
  if (received !== COUNT) throw new Error(`omnidial received ${received} of ${COUNT}`);
  const rtt = await omnidialRoundTrips(conn, PAYLOAD, ROUNDS);
  await conn.close();
  return summarize(COUNT, received, seconds, rtt);
}

/** Runs the AMQP benchmark; see the module comment. */
export async function run(): Promise<BenchSection> {
  const url = brokerUrl();
  const { raw, omni } = await bestOf(() => rawRun(url), () => omnidialRun(url));
  return {
    title: 'AMQP (amqp://, RabbitMQ, manual ack)',
    rows: [
      ['measure', 'raw amqplib 0.10.9', 'omnidial', 'ratio'],
      [`throughput, ${num(COUNT)} × ${PAYLOAD.length} B publish→consume (msg/s)`, num(raw.rate), num(omni.rate), `${(omni.rate / raw.rate).toFixed(2)}×`],
      [`round trip p50 (ms, ${num(ROUNDS)} rounds)`, raw.p50.toFixed(3), omni.p50.toFixed(3), `${(raw.p50 / omni.p50).toFixed(2)}×`],
      ['round trip p99 (ms)', raw.p99.toFixed(3), omni.p99.toFixed(3), `${(raw.p99 / omni.p99).toFixed(2)}×`],
    ],
    notes: [
      `Throughput: one connection publishes to a queue and consumes it with prefetch ${num(PREFETCH)} (omnidial acks what read() handed over with one ack(allUpTo) per event-loop turn; raw acks each message in the consume callback).`,
      'Round trip: publish one message to the queue and wait for it to come back to the same connection.',
      `Best of ${RUNS} alternating runs per side after a raw warm-up (highest throughput, lowest percentiles), so both sides see the same machine load.`,
      'Ratios are omnidial relative to raw (higher is better, target ≥ 0.95×).',
    ],
  };
}
