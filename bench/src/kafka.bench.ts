/**
 * Kafka (KRaft broker from test-infra): produce→consume throughput of 100k small messages and
 * produce→own-echo round-trip latency, through omnidial and raw @platformatic/kafka.
 */
import { Consumer, Producer } from '@platformatic/kafka';
import { dial, Registry } from '@omnidial/core';
import { kafkaDriver } from '@omnidial/mq-kafka';
import { ENV_VARS, type ServiceName } from '@omnidial/test-infra/types';
import { ALTERNATION_NOTE, brokerRows, type BrokerThroughput } from './lib/broker.js';
import { omnidialFlood, summarize, type MessagingResult } from './lib/messaging.js';
import { connectionEcho, type EchoSide } from './lib/round-trips.js';
import { num } from './lib/rows.js';
import { scaled } from './lib/stats.js';
import { withService } from './lib/services.js';
import type { BenchSection } from './lib/types.js';
import { flatText, repeatCall } from './lib/payload.js';

/** The test servers this section starts (run.ts runs the sections that start none first). */
export const services: readonly ServiceName[] = ['kafka'];

const COUNT = scaled(100_000);
const ROUNDS = scaled(500);
const WINDOW = Math.min(1_000, COUNT);
/** As omnidial's OffsetCommitter: at most one offset commit per 50 ms. */
const COMMIT_MS = 50;
const PAYLOAD = flatText('x'.repeat(64));

/** The broker withService('kafka') started, as host:port entries. */
function brokers(): string[] {
  return process.env[ENV_VARS.kafka]!.replace('kafka://', '').split(',');
}

/**
 * acks=all on every send, as omnidial's default: @platformatic/kafka 1.35 takes the constructor's
 * `acks` for nothing and sends acks=1 (leader only) unless `send()` is told otherwise.
 */
const ACKS_ALL = -1;

const name = (what: string): string => `bench_${what}_${process.pid}_${Date.now()}`;

/** A raw producer and consumer on one fresh topic, consuming as omnidial does. */
interface RawKafka {
  /** Produces `count` messages of the payload in one request, acks=all. */
  send(count: number): Promise<unknown>;
  close(): Promise<void>;
  /** Values decoded so far (characters): the proof that each value was decoded. */
  decoded(): number;
}

/**
 * Opens the raw client; `take` is called for each message consumed. `iterate`: consumed with
 * `for await` instead of a `data` listener.
 */
async function openRaw(take: () => void, iterate: boolean): Promise<RawKafka> {
  const options = { clientId: 'bench', bootstrapBrokers: brokers(), retries: 3, retryDelay: 250 };
  const topic = name('raw');
  const producer = new Producer({ ...options, acks: -1, autocreateTopics: true });
  await producer.metadata({ topics: [topic], autocreateTopics: true });
  const consumer = new Consumer({ ...options, groupId: name('g') });
  const stream = await consumer.consume({
    topics: [topic],
    mode: 'committed',
    fallbackMode: 'earliest',
    autocommit: false,
    maxWaitTime: 100,
  });
  // As omnidial does: decode each value to a string, and commit the newest offset handed over
  // at most every 50 ms (one request in flight).
  let sink = 0;
  let newest = -1n;
  let committed = -1n;
  let partition = 0;
  let inflight: Promise<void> | undefined;
  const commit = (): void => {
    if (inflight !== undefined || newest === committed) return;
    const offset = newest;
    inflight = consumer
      .commit({ offsets: [{ topic, partition, offset: offset + 1n, leaderEpoch: -1 }] })
      .then(
        () => {
          committed = offset;
        },
        () => undefined,
      )
      .finally(() => {
        inflight = undefined;
      });
  };
  const committer = setInterval(commit, COMMIT_MS);
  const onMessage = (m: { value: Buffer; offset: bigint; partition: number }): void => {
    sink += m.value.toString().length;
    newest = m.offset;
    partition = m.partition;
    take();
  };
  if (iterate) {
    void (async () => {
      for await (const m of stream) onMessage(m as { value: Buffer; offset: bigint; partition: number });
    })().catch(() => undefined);
  } else {
    stream.on('data', onMessage);
  }
  return {
    send: (count) =>
      producer.send({
        messages: repeatCall(count, () => ({ topic, value: Buffer.from(PAYLOAD) })),
        acks: ACKS_ALL,
      }),
    decoded: () => sink,
    close: async () => {
      clearInterval(committer);
      await inflight;
      commit();
      await inflight;
      await Promise.allSettled([stream.close(), consumer.close(true), producer.close()]);
    },
  };
}

/** Raw produce→consume throughput; `iterate`: consumed with `for await` instead of a `data` listener. */
async function rawRun(iterate = false): Promise<MessagingResult> {
  let received = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  const raw = await openRaw(() => {
    if (++received === COUNT) done();
  }, iterate);
  const start = performance.now();
  for (let i = 0; i < COUNT; i += WINDOW) await raw.send(Math.min(WINDOW, COUNT - i));
  await finished;
  const seconds = (performance.now() - start) / 1000;
  await raw.close();
  if (raw.decoded() === 0) throw new Error('raw kafka: nothing decoded');
  return summarize(COUNT, received, seconds);
}

/**
 * An echo side: one message produced, then consumed back. The first trip waits for the consumer
 * group to be joined and is not measured.
 */
async function primed(side: EchoSide): Promise<EchoSide> {
  await side.trip();
  return side;
}

/** The raw client as an echo side. */
async function rawEcho(): Promise<EchoSide> {
  let back: () => void = () => undefined;
  const raw = await openRaw(() => back(), false);
  return primed({
    trip: async () => {
      const arrived = new Promise<void>((resolve) => {
        back = resolve;
      });
      await raw.send(1);
      await arrived;
    },
    close: () => raw.close(),
  });
}

/** omnidial as an echo side: `write()` then `read()` on a connection that consumes its own topic. */
async function omnidialEcho(): Promise<EchoSide> {
  const registry = new Registry().register(kafkaDriver);
  const conn = await dial(`kafka://${brokers().join(',')}/${name('omni_rtt')}`, { registry, timeout: 30 });
  return primed(connectionEcho(conn, PAYLOAD));
}

async function omnidialRun(batch: boolean): Promise<MessagingResult> {
  const registry = new Registry().register(kafkaDriver);
  const conn = await dial(`kafka://${brokers().join(',')}/${name('omni')}`, { registry, timeout: 30 });
  const { received, seconds } = await omnidialFlood(conn, conn, {
    count: COUNT,
    window: WINDOW,
    payload: PAYLOAD,
    readTimeoutMs: 10_000,
    batch,
  });
  if (received !== COUNT) throw new Error(`omnidial received ${received} of ${COUNT}`);
  await conn.close();
  return summarize(COUNT, received, seconds);
}

/** The throughput variants, each run in a process of its own (lib/broker.ts). */
export const floods: BrokerThroughput = {
  raw: () => rawRun(),
  rawAsync: () => rawRun(true),
  omni: () => omnidialRun(false),
  many: () => omnidialRun(true),
};

/** Runs the Kafka benchmark; see the module comment. */
export function run(): Promise<BenchSection> {
  return withService('kafka', measure);
}

async function measure(): Promise<BenchSection> {
  const rows = await brokerRows({
    count: COUNT,
    rounds: ROUNDS,
    payloadBytes: PAYLOAD.length,
    module: import.meta.url,
    floods,
    echo: { raw: rawEcho, omni: omnidialEcho },
  });
  return {
    title: 'Kafka (kafka://, Apache Kafka 3.9 KRaft, acks=all)',
    baseline: 'raw @platformatic/kafka 1.35',
    rows,
    notes: [
      `Throughput: the raw client sends batches of ${num(WINDOW)} messages; omnidial keeps ${num(WINDOW)} write() calls in flight (grouped into one produce request per event-loop turn) or sends them with one writeMany(). Both consumers decode each value to a string (the raw one in a \`data\` listener, or with \`for await\` in the async iterator row) and commit the newest offset handed over at most every ${COMMIT_MS} ms. Both sides start from the same string and encode it per message, as a bot writing JSON does. Both produce with acks=all (the raw client is told so in every \`send()\`: @platformatic/kafka 1.35 ignores the constructor's \`acks\` and would send acks=1).`,
      'Round trip: produce one message and wait for it to come back to the same connection (consumer fetch wait 100 ms max). Measured apart from the throughput runs, raw and omnidial interleaved round by round, the order rotated each round (lib/round-trips.ts), each run on fresh connections whose first, unmeasured trip waited for the consumer group to be joined.',
      ALTERNATION_NOTE,
    ],
  };
}
