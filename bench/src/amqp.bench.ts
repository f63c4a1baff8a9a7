/**
 * AMQP (RabbitMQ from test-infra): publish→consume throughput of 100k small messages with
 * manual acks, and publish→own-echo round-trip latency, through omnidial and raw amqplib.
 */
import amqp from 'amqplib';
import { dial, Registry } from '@omnidial/core';
import { amqpDriver } from '@omnidial/mq-amqp';
import { rawConsume } from './lib/amqp-raw.js';
import { ALTERNATION_NOTE, brokerRows } from './lib/broker.js';
import { omnidialFlood, omnidialRoundTrips, summarize, type MessagingResult } from './lib/messaging.js';
import { num } from './lib/rows.js';
import { scaled } from './lib/stats.js';
import type { BenchSection } from './lib/types.js';
import { flatText } from './lib/payload.js';

const COUNT = scaled(100_000);
const ROUNDS = scaled(2_000);
const WINDOW = Math.min(1_000, COUNT);
const PAYLOAD = flatText('x'.repeat(64));
const PREFETCH = 2_000;

function brokerUrl(): string {
  const url = process.env.OMNIDIAL_TEST_AMQP_URL;
  if (!url)
    throw new Error('OMNIDIAL_TEST_AMQP_URL is not set: run through `pnpm with-services -- tsx bench/run.ts amqp`');
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
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  let echo: (() => void) | undefined;
  const consumer = await rawConsume(sub, q, () => {
    if (echo) echo();
    else if (++received === COUNT) done();
  });
  const start = performance.now();
  for (let i = 0; i < COUNT; i += 1) {
    if (!pub.publish('', q, Buffer.from(PAYLOAD))) await new Promise((resolve) => pub.once('drain', resolve));
  }
  await finished;
  const seconds = (performance.now() - start) / 1000;
  const rtt: number[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    const t0 = performance.now();
    const back = new Promise<void>((resolve) => {
      echo = resolve;
    });
    pub.publish('', q, Buffer.from(PAYLOAD));
    await back;
    rtt.push(performance.now() - t0);
  }
  consumer.flush();
  await pub.deleteQueue(q);
  await model.close();
  if (consumer.chars() === 0) throw new Error('raw amqp: nothing decoded');
  return summarize(COUNT, received, seconds, rtt);
}

async function omnidialRun(url: string, batch: boolean): Promise<MessagingResult> {
  const registry = new Registry().register(amqpDriver);
  const conn = await dial(`${url}?queue=${queueName('omni')}&prefetch=${PREFETCH}`, { registry });
  const { received, seconds } = await omnidialFlood(conn, conn, {
    count: COUNT,
    window: WINDOW,
    payload: PAYLOAD,
    readTimeoutMs: 5000,
    batch,
  });
  if (received !== COUNT) throw new Error(`omnidial received ${received} of ${COUNT}`);
  const rtt = await omnidialRoundTrips(conn, PAYLOAD, ROUNDS);
  await conn.close();
  return summarize(COUNT, received, seconds, rtt);
}

/** Runs the AMQP benchmark; see the module comment. */
export async function run(): Promise<BenchSection> {
  const url = brokerUrl();
  const rows = await brokerRows({
    count: COUNT,
    rounds: ROUNDS,
    payloadBytes: PAYLOAD.length,
    raw: () => rawRun(url),
    omni: (batch) => omnidialRun(url, batch),
  });
  return {
    title: 'AMQP (amqp://, RabbitMQ, manual ack)',
    baseline: 'raw amqplib 0.10.9',
    rows,
    notes: [
      `Throughput: one connection publishes to a queue and consumes it with prefetch ${num(PREFETCH)}. Both sides decode each body to a string and acknowledge with one ack(allUpTo) per event-loop turn (omnidial does so for what read()/readMany() handed over; the raw consumer callback does the same by hand). Both sides start from the same string and encode it per message, as a bot writing JSON does.`,
      'Round trip: publish one message to the queue and wait for it to come back to the same connection.',
      ALTERNATION_NOTE,
    ],
  };
}
