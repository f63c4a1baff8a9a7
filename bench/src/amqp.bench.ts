/**
 * AMQP (RabbitMQ from test-infra): publish→consume throughput of 100k small messages with
 * manual acks, and publish→own-echo round-trip latency, through omnidial and raw amqplib.
 */
import amqp from 'amqplib';
import { dial, Registry } from '@omnidial/core';
import { amqpDriver } from '@omnidial/mq-amqp';
import { ENV_VARS, type ServiceName } from '@omnidial/test-infra/types';
import { rawConsume } from './lib/amqp-raw.js';
import { ALTERNATION_NOTE, brokerRows, type BrokerThroughput } from './lib/broker.js';
import { omnidialFlood, summarize, type MessagingResult } from './lib/messaging.js';
import { connectionEcho, type EchoSide } from './lib/round-trips.js';
import { num } from './lib/rows.js';
import { scaled } from './lib/stats.js';
import { withService } from './lib/services.js';
import type { BenchSection } from './lib/types.js';
import { flatText } from './lib/payload.js';

/** The test servers this section starts (run.ts runs the sections that start none first). */
export const services: readonly ServiceName[] = ['amqp'];

const COUNT = scaled(100_000);
const ROUNDS = scaled(2_000);
const WINDOW = Math.min(1_000, COUNT);
const PAYLOAD = flatText('x'.repeat(64));
const PREFETCH = 2_000;

const queueName = (what: string): string => `bench_${what}_${process.pid}_${Date.now()}`;

/** A raw connection with a publishing and a consuming channel on one fresh queue. */
async function openRaw(url: string, take: () => void) {
  const model = await amqp.connect(url, { noDelay: true }); // as omnidial does: no Nagle delay
  const [pub, sub] = await Promise.all([model.createChannel(), model.createChannel()]);
  const q = queueName('raw');
  await pub.assertQueue(q, { durable: false, autoDelete: false });
  await sub.prefetch(PREFETCH);
  const consumer = await rawConsume(sub, q, take);
  return {
    /** Publishes one message; false when the channel asks to wait for `drain`. */
    publish: () => pub.publish('', q, Buffer.from(PAYLOAD)),
    drained: () => new Promise((resolve) => pub.once('drain', resolve)),
    close: async () => {
      consumer.flush();
      await pub.deleteQueue(q);
      await model.close();
      if (consumer.chars() === 0) throw new Error('raw amqp: nothing decoded');
    },
  };
}

async function rawRun(url: string): Promise<MessagingResult> {
  let received = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  const raw = await openRaw(url, () => {
    if (++received === COUNT) done();
  });
  const start = performance.now();
  for (let i = 0; i < COUNT; i += 1) if (!raw.publish()) await raw.drained();
  await finished;
  const seconds = (performance.now() - start) / 1000;
  await raw.close();
  return summarize(COUNT, received, seconds);
}

/** The raw client as an echo side: one message published, then consumed back. */
async function rawEcho(url: string): Promise<EchoSide> {
  let back: () => void = () => undefined;
  const raw = await openRaw(url, () => back());
  return {
    trip: () => {
      const arrived = new Promise<void>((resolve) => {
        back = resolve;
      });
      raw.publish();
      return arrived;
    },
    close: () => raw.close(),
  };
}

/** omnidial as an echo side: `write()` then `read()` on a connection that consumes its own queue. */
async function omnidialEcho(url: string): Promise<EchoSide> {
  const registry = new Registry().register(amqpDriver);
  return connectionEcho(await dial(`${url}?queue=${queueName('omni_rtt')}`, { registry }), PAYLOAD);
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
  await conn.close();
  return summarize(COUNT, received, seconds);
}

/** The server withService('amqp') started (the variables are inherited by the flood processes). */
const serverUrl = (): string => process.env[ENV_VARS.amqp]!;

/** The throughput variants, each run in a process of its own (lib/broker.ts). */
export const floods: BrokerThroughput = {
  raw: () => rawRun(serverUrl()),
  omni: () => omnidialRun(serverUrl(), false),
  many: () => omnidialRun(serverUrl(), true),
};

/** Runs the AMQP benchmark; see the module comment. */
export function run(): Promise<BenchSection> {
  return withService('amqp', measure);
}

async function measure(url: string): Promise<BenchSection> {
  const rows = await brokerRows({
    count: COUNT,
    rounds: ROUNDS,
    payloadBytes: PAYLOAD.length,
    module: import.meta.url,
    floods,
    echo: { raw: () => rawEcho(url), omni: () => omnidialEcho(url) },
  });
  return {
    title: 'AMQP (amqp://, RabbitMQ, manual ack)',
    baseline: 'raw amqplib 0.10.9',
    rows,
    notes: [
      `Throughput: one connection publishes to a queue and consumes it with prefetch ${num(PREFETCH)}. Both sides decode each body to a string and acknowledge with one ack(allUpTo) per event-loop turn (omnidial does so for what read()/readMany() handed over; the raw consumer callback does the same by hand). Both sides start from the same string and encode it per message, as a bot writing JSON does.`,
      'Round trip: publish one message to the queue and wait for it to come back to the same connection. Measured apart from the throughput runs, raw and omnidial interleaved round by round, the order rotated each round (lib/round-trips.ts), each run on fresh connections.',
      ALTERNATION_NOTE,
    ],
  };
}
