/**
 * Measures kafkajs against @platformatic/kafka on a real broker (ADR 0035): produce and
 * consume throughput of 100k small messages, single-message round-trip latency, and what each
 * client does across a broker restart with its own client retries limited to 3 x 250 ms.
 * Run: pnpm with-services --only kafka -- tsx packages/mq-kafka/scripts/compare-clients.ts
 */
import { Admin, Consumer, Producer } from '@platformatic/kafka';
import { Kafka, logLevel } from 'kafkajs';
import { restartService, serviceUrl } from '@omnidial/test-infra';

const BROKERS = serviceUrl('kafka').replace('kafka://', '').split(',');
const N = Number(process.env.N ?? 100_000);
const BATCH = 500;
const ROUNDS = 300;
const body = (i: number): Buffer => Buffer.from(`m-${i}-xxxxxxxxxx`);
const topicName = (tag: string): string => `cmp-${tag}-${Date.now().toString(36)}`;
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)]!;
const fmt = (n: number): string => n.toFixed(n < 10 ? 2 : 0);

interface Client {
  name: string;
  createTopic(topic: string): Promise<void>;
  producer(): Promise<{ send(topic: string, values: Buffer[]): Promise<void>; close(): Promise<void> }>;
  consumer(
    topic: string,
    group: string,
    onMessage: (value: Buffer) => void,
    onError: (e: unknown) => void,
  ): Promise<{ close(): Promise<void> }>;
}

const kafkajs: Client = {
  name: 'kafkajs 2.2.4',
  async createTopic(topic) {
    const admin = new Kafka({ brokers: BROKERS, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
  },
  async producer() {
    const p = new Kafka({
      brokers: BROKERS,
      logLevel: logLevel.NOTHING,
      retry: { retries: 3, initialRetryTime: 250 },
    }).producer();
    await p.connect();
    return {
      send: async (topic, values) => {
        await p.send({ topic, acks: 1, messages: values.map((value) => ({ value })) });
      },
      close: () => p.disconnect(),
    };
  },
  async consumer(topic, groupId, onMessage, onError) {
    const c = new Kafka({
      brokers: BROKERS,
      logLevel: logLevel.NOTHING,
      retry: { retries: 3, initialRetryTime: 250 },
    }).consumer({ groupId, retry: { retries: 3, initialRetryTime: 250 } });
    c.on(c.events.CRASH, (e) => onError(e.payload.error));
    await c.connect();
    await c.subscribe({ topic, fromBeginning: true });
    let joined!: () => void;
    const ready = new Promise<void>((resolve) => {
      joined = resolve;
    });
    c.on(c.events.GROUP_JOIN, () => joined());
    await c.run({ autoCommit: false, eachMessage: async ({ message }) => onMessage(message.value!) });
    await ready;
    return { close: () => c.disconnect() };
  },
};

const platformatic: Client = {
  name: '@platformatic/kafka 1.35.0',
  async createTopic(topic) {
    const admin = new Admin({ clientId: 'cmp', bootstrapBrokers: BROKERS });
    await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 });
    await admin.close();
  },
  async producer() {
    const p = new Producer({ clientId: 'cmp', bootstrapBrokers: BROKERS, retries: 3, retryDelay: 250, acks: 1 });
    return {
      send: async (topic, values) => {
        await p.send({ messages: values.map((value) => ({ topic, value })) });
      },
      close: () => p.close(),
    };
  },
  async consumer(topic, groupId, onMessage, onError) {
    const c = new Consumer({ clientId: 'cmp', groupId, bootstrapBrokers: BROKERS, retries: 3, retryDelay: 250 });
    const stream = await c.consume({ topics: [topic], mode: 'earliest', autocommit: false, maxWaitTime: 100 });
    stream.on('data', (m) => onMessage(m.value));
    stream.on('error', onError);
    c.on('error', onError);
    return { close: () => c.close(true) };
  },
};

async function measure(client: Client): Promise<void> {
  const topic = topicName('t');
  await client.createTopic(topic);
  const producer = await client.producer();
  let t0 = performance.now();
  for (let i = 0; i < N; i += BATCH) {
    await producer.send(
      topic,
      Array.from({ length: Math.min(BATCH, N - i) }, (_, j) => body(i + j)),
    );
  }
  const produceRate = N / ((performance.now() - t0) / 1000);
  let got = 0;
  let allIn!: () => void;
  const done = new Promise<void>((resolve) => {
    allIn = resolve;
  });
  t0 = performance.now();
  const consumer = await client.consumer(
    topic,
    topicName('g'),
    () => {
      if (++got === N) allIn();
    },
    (e) => console.error('consume error', e),
  );
  await done;
  const consumeRate = N / ((performance.now() - t0) / 1000);
  await consumer.close();

  const rtTopic = topicName('rt');
  await client.createTopic(rtTopic);
  let arrived: (() => void) | undefined;
  const rt = await client.consumer(
    rtTopic,
    topicName('g'),
    () => arrived?.(),
    () => undefined,
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  const latencies: number[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    const start = performance.now();
    const back = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    await producer.send(rtTopic, [body(i)]);
    await back;
    latencies.push(performance.now() - start);
  }
  await rt.close();
  await producer.close();
  console.log(
    `${client.name}: produce ${fmt(produceRate)} msg/s, consume ${fmt(consumeRate)} msg/s, ` +
      `round trip p50 ${fmt(pct(latencies, 0.5))} ms p99 ${fmt(pct(latencies, 0.99))} ms`,
  );
}

async function restart(client: Client): Promise<void> {
  const topic = topicName('rs');
  await client.createTopic(topic);
  const started = performance.now();
  let errorAt: number | undefined;
  let error: unknown;
  const consumer = await client.consumer(
    topic,
    topicName('g'),
    () => undefined,
    (e) => {
      errorAt ??= performance.now();
      error ??= e;
    },
  );
  const producer = await client.producer();
  const restartAt = performance.now();
  await restartService('kafka');
  const backAt = performance.now();
  let sendAfter = 'ok';
  await producer.send(topic, [body(0)]).catch((e: unknown) => {
    sendAfter = `rejected (${(e as Error).message.slice(0, 60)})`;
  });
  console.log(
    `${client.name} restart (3 retries): consumer error ${errorAt === undefined ? 'NEVER reported' : `after ${fmt(errorAt - restartAt)} ms`}` +
      ` (${String((error as Error | undefined)?.message ?? '').slice(0, 70)}); restart took ${fmt(backAt - restartAt)} ms; ` +
      `first send on the old producer after restart: ${sendAfter}; setup ${fmt(restartAt - started)} ms`,
  );
  await consumer.close().catch(() => undefined);
  await producer.close().catch(() => undefined);
}

for (const client of [platformatic, kafkajs]) await measure(client);
for (const client of [platformatic, kafkajs]) await measure(client);
if (process.env.RESTART !== '0') for (const client of [platformatic, kafkajs]) await restart(client);
process.exit(0);
