/**
 * Preparing the 3-node clusters for a test: replicated streams, topics and queues, and where a
 * Kafka partition's leader lives. Kept out of the main entry (it loads three client libraries).
 */
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import amqp from 'amqplib';
import { Kafka, logLevel } from 'kafkajs';

/** `host:port` list of a multi-node `scheme://[user:pass@]h1:p1,h2:p2/...` address. */
export function clusterHosts(url: string): string[] {
  const authority = url.replace(/^[a-z0-9+.-]+:\/\//i, '').replace(/[/?].*$/, '');
  return authority.slice(authority.lastIndexOf('@') + 1).split(',');
}

/** Creates (or keeps) a JetStream stream of `subject` stored on `replicas` nodes. */
export async function createNatsStream(url: string, stream: string, subject: string, replicas = 3): Promise<void> {
  const nc = await connect({ servers: clusterHosts(url), timeout: 10_000 });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: stream, subjects: [subject], num_replicas: replicas });
  } finally {
    await nc.close();
  }
}

function kafka(url: string): Kafka {
  return new Kafka({ clientId: 'omnidial-test-setup', brokers: clusterHosts(url), logLevel: logLevel.NOTHING, retry: { retries: 10 } });
}

/** Creates a topic with `partitions` partitions, each replicated to `replicas` brokers. */
export async function createKafkaTopic(url: string, topic: string, partitions = 1, replicas = 3): Promise<void> {
  const admin = kafka(url).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: replicas }], waitForLeaders: false });
    // kafkajs' own wait gives up on "does not host this topic-partition" while metadata spreads.
    for (let tries = 0; ; tries++) {
      const ready = await admin.fetchTopicMetadata({ topics: [topic] }).then(
        ({ topics }) => topics[0]?.partitions.length === partitions && topics[0].partitions.every((p) => p.leader >= 0 && p.isr.length === replicas),
        () => false,
      );
      if (ready) return;
      if (tries > 100) throw new Error(`topic ${topic} has no leaders with ${replicas} in-sync replicas`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await admin.disconnect();
  }
}

/** Client port of the broker leading partition `partition` of `topic`. */
export async function kafkaLeaderPort(url: string, topic: string, partition = 0): Promise<number> {
  const admin = kafka(url).admin();
  await admin.connect();
  try {
    const [meta] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    const leader = meta?.partitions.find((p) => p.partitionId === partition)?.leader;
    const broker = (await admin.describeCluster()).brokers.find((b) => b.nodeId === leader);
    if (broker === undefined) throw new Error(`no leader for ${topic}[${partition}]`);
    return broker.port;
  } finally {
    await admin.disconnect();
  }
}

/** Declares a durable quorum queue (replicated on every node) and binds it to a direct exchange of the same name. */
export async function declareQuorumQueue(url: string, queue: string): Promise<void> {
  const hosts = clusterHosts(url);
  const credentials = url.slice(url.indexOf('//') + 2, url.lastIndexOf('@'));
  const connection = await amqp.connect(`amqp://${credentials}@${hosts[0]}/`);
  try {
    const channel = await connection.createChannel();
    await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await channel.assertExchange(queue, 'direct', { durable: true });
    await channel.bindQueue(queue, queue, queue);
    await channel.close();
  } finally {
    await connection.close();
  }
}

/**
 * Every value stored in `topic` (all partitions, from the beginning), read by a fresh group:
 * waits for the first message up to a minute, then until `settleMs` pass without one.
 */
export async function kafkaTopicValues(url: string, topic: string, settleMs = 5000): Promise<string[]> {
  const consumer = kafka(url).consumer({ groupId: `omnidial-audit-${Date.now()}` });
  const values: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let last = Date.now() + 60_000;
    await consumer.run({ eachMessage: async ({ message }) => void (values.push(message.value?.toString() ?? ''), (last = Date.now())) });
    while (Date.now() - last < settleMs || (values.length === 0 && Date.now() < last)) await new Promise((resolve) => setTimeout(resolve, 500));
  } finally {
    await consumer.disconnect();
  }
  return values;
}
