/**
 * Kafka (KRaft broker from test-infra): produce→consume throughput of 100k small messages and
 * produce→own-echo round-trip latency, through omnidial and raw @platformatic/kafka.
 */
import { Consumer, Producer } from '@platformatic/kafka';
import { dial, Registry } from '@omnidial/core';
import { kafkaDriver } from '@omnidial/mq-kafka';
import { bestOf, RUNS } from './lib/best.js';
import { num } from './lib/format.js';
import { omnidialFlood, omnidialRoundTrips, summarize, type MessagingResult } from './lib/messaging.js';
import type { BenchSection } from './lib/types.js';

const COUNT = 100_000;
const ROUNDS = 500;
const WINDOW = 1_000;
const PAYLOAD = 'x'.repeat(64);

function brokers(): string[] {
  const url = process.env.OMNIDIAL_TEST_KAFKA_URL;
  if (!url) throw new Error('OMNIDIAL_TEST_KAFKA_URL is not set: run through `pnpm with-services -- tsx bench/run.ts kafka`');
  return url.replace('kafka://', '').split(',');
}

const name = (what: string): string => `bench_${what}_${process.pid}_${Date.now()}`;

async function rawRun(): Promise<MessagingResult> {
  const options = { clientId: 'bench', bootstrapBrokers: brokers(), retries: 3, retryDelay: 250 };
  const topic = name('raw');
  const producer = new Producer({ ...options, acks: -1, autocreateTopics: true });
  await producer.metadata({ topics: [topic], autocreateTopics: true });
  const consumer = new Consumer({ ...options, groupId: name('g') });
  const stream = await consumer.consume({ topics: [topic], mode: 'committed', fallbackMode: 'earliest', autocommit: false, maxWaitTime: 100 });
  let received = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => { done = resolve; });
  let echo: (() => void) | undefined;
  stream.on('data', () => { if (echo) echo(); else if (++received === COUNT) done(); });
  const value = Buffer.from(PAYLOAD);
  const start = performance.now();
  for (let i = 0; i < COUNT; i += WINDOW) {
    await producer.send({ messages: Array.from({ length: Math.min(WINDOW, COUNT - i) }, () => ({ topic, value })) });
  }
  await finished;
  const seconds = (performance.now() - start) / 1000;
  const rtt: number[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    const t0 = performance.now();
    const back = new Promise<void>((resolve) => { echo = resolve; });
    await producer.send({ messages: [{ topic, value }] });
    await back;
    rtt.push(performance.now() - t0);
  }
  await Promise.allSettled([stream.close(), consumer.close(true), producer.close()]);
  return summarize(COUNT, received, seconds, rtt);
}

async function omnidialRun(): Promise<MessagingResult> {
  const registry = new Registry().register(kafkaDriver);
  const conn = await dial(`kafka://${brokers().join(',')}/${name('omni')}`, { registry, timeout: 30 });
  const { received, seconds } = await omnidialFlood(conn, conn, { count: COUNT, window: WINDOW, payload: PAYLOAD, readTimeoutMs: 10_000 });
  if (received !== COUNT) throw new Error(`omnidial received ${received} of ${COUNT}`);
  const rtt = await omnidialRoundTrips(conn, PAYLOAD, ROUNDS);
  await conn.close();
  return summarize(COUNT, received, seconds, rtt);
}

/** Runs the Kafka benchmark; see the module comment. */
export async function run(): Promise<BenchSection> {
  const { raw, omni } = await bestOf(rawRun, omnidialRun);
  return {
    title: 'Kafka (kafka://, Apache Kafka 3.9 KRaft, acks=all)',
    rows: [
      ['measure', 'raw @platformatic/kafka 1.35', 'omnidial', 'ratio'],
      [`throughput, ${num(COUNT)} × ${PAYLOAD.length} B produce→consume (msg/s)`, num(raw.rate), num(omni.rate), `${(omni.rate / raw.rate).toFixed(2)}×`],
      [`round trip p50 (ms, ${num(ROUNDS)} rounds)`, raw.p50.toFixed(3), omni.p50.toFixed(3), `${(raw.p50 / omni.p50).toFixed(2)}×`],
      ['round trip p99 (ms)', raw.p99.toFixed(3), omni.p99.toFixed(3), `${(raw.p99 / omni.p99).toFixed(2)}×`],
    ],
    notes: [
      `Throughput: the raw client sends batches of ${num(WINDOW)} messages; omnidial keeps ${num(WINDOW)} write() calls in flight, which it groups into one produce request per event-loop turn. omnidial also commits the offsets read() handed over (coalesced: at most one commit request per 50 ms); raw commits nothing.`,
      'Round trip: produce one message and wait for it to come back to the same connection (consumer fetch wait 100 ms max).',
      `Best of ${RUNS} alternating runs per side after a raw warm-up (highest throughput, lowest percentiles), so both sides see the same machine load.`,
      'Ratios are omnidial relative to raw (higher is better, target ≥ 0.95×).',
    ],
  };
}
