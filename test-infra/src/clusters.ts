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

/**
 * Waits until `stream` has a leader and every replica is current (caught up with the leader), for
 * up to `withinMs`. A node started again after a kill answers clients before its replica of the
 * stream has caught up; killing another node meanwhile would leave the stream without a quorum.
 */
export async function natsStreamCurrent(url: string, stream: string, withinMs = 60_000): Promise<void> {
  const nc = await connect({ servers: clusterHosts(url), timeout: 10_000 });
  try {
    const jsm = await jetstreamManager(nc);
    let last = 'no answer';
    for (const end = Date.now() + withinMs; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) {
      try {
        const { cluster } = await jsm.streams.info(stream);
        const replicas = cluster?.replicas ?? [];
        if (cluster?.leader !== undefined && replicas.length > 0 && replicas.every((r) => r.current)) return;
        last = JSON.stringify(cluster);
      } catch (error) {
        last = (error as Error).message;
      }
    }
    throw new Error(`stream ${stream} not current within ${withinMs} ms: ${last}`);
  } finally {
    await nc.close();
  }
}

function kafka(url: string): Kafka {
  return new Kafka({
    clientId: 'omnidial-test-setup',
    brokers: clusterHosts(url),
    logLevel: logLevel.NOTHING,
    retry: { retries: 10 },
  });
}

/**
 * Creates a topic with `partitions` partitions, each replicated to `replicas` brokers, or, with
 * `onNodes`, one partition on exactly those broker node ids (the first one its preferred leader).
 */
export async function createKafkaTopic(
  url: string,
  topic: string,
  partitions = 1,
  replicas = 3,
  onNodes?: readonly number[],
): Promise<void> {
  const admin = kafka(url).admin();
  await admin.connect();
  const size = onNodes?.length ?? replicas;
  try {
    const layout =
      onNodes === undefined
        ? { numPartitions: partitions, replicationFactor: replicas }
        : { replicaAssignment: [{ partition: 0, replicas: [...onNodes] }] };
    await admin.createTopics({ topics: [{ topic, ...layout }], waitForLeaders: false });
    // kafkajs' own wait gives up on "does not host this topic-partition" while metadata spreads.
    for (let tries = 0; ; tries++) {
      const ready = await admin.fetchTopicMetadata({ topics: [topic] }).then(
        ({ topics }) =>
          topics[0]?.partitions.length === (onNodes === undefined ? partitions : 1) &&
          topics[0].partitions.every((p) => p.leader >= 0 && p.isr.length === size),
        () => false,
      );
      if (ready) return;
      if (tries > 100) throw new Error(`topic ${topic} has no leaders with ${size} in-sync replicas`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await admin.disconnect();
  }
}

/** Where partition `partition` of `topic` lives, as broker client ports: its leader, in-sync replicas and replicas. */
export interface KafkaPartitionState {
  readonly leader: number;
  readonly isr: readonly number[];
  readonly replicas: readonly number[];
}

/**
 * The current {@link KafkaPartitionState} of `topic`'s partition `partition`, from the cluster's
 * metadata. Asked again for up to 30 s while the broker asked does not know the topic yet or
 * names no leader: a new topic's metadata reaches the brokers one after the other.
 */
export async function kafkaPartitionState(url: string, topic: string, partition = 0): Promise<KafkaPartitionState> {
  for (const end = Date.now() + 30_000; ; await new Promise((resolve) => setTimeout(resolve, 500))) {
    try {
      return await readPartitionState(url, topic, partition);
    } catch (error) {
      if (Date.now() > end) throw error;
    }
  }
}

async function readPartitionState(url: string, topic: string, partition: number): Promise<KafkaPartitionState> {
  const admin = kafka(url).admin();
  await admin.connect();
  try {
    const [meta] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    const found = meta?.partitions.find((p) => p.partitionId === partition);
    const ports = new Map((await admin.describeCluster()).brokers.map((b) => [b.nodeId, b.port]));
    const port = (id: number): number => ports.get(id) ?? -1;
    if (found === undefined || !ports.has(found.leader)) throw new Error(`no leader for ${topic}[${partition}]`);
    return { leader: port(found.leader), isr: found.isr.map(port), replicas: found.replicas.map(port) };
  } finally {
    await admin.disconnect();
  }
}

/** Client port of the broker leading partition `partition` of `topic`. */
export async function kafkaLeaderPort(url: string, topic: string, partition = 0): Promise<number> {
  return (await kafkaPartitionState(url, topic, partition)).leader;
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
 * Every value stored in `topic` (all partitions, from the beginning up to the high watermark
 * each partition has when this is called), read by a fresh group. Stopping at the high
 * watermark, not after a quiet spell, means a slow fetch cannot pass for a missing message.
 */
export async function kafkaTopicValues(url: string, topic: string, withinMs = 120_000): Promise<string[]> {
  const client = kafka(url);
  const admin = client.admin();
  await admin.connect();
  const ends = new Map<number, bigint>();
  try {
    for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
      if (BigInt(high) > BigInt(low)) ends.set(partition, BigInt(high));
    }
  } finally {
    await admin.disconnect();
  }
  const consumer = client.consumer({ groupId: `omnidial-audit-${Date.now()}` });
  const values: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const end = ends.get(partition);
        if (end === undefined || BigInt(message.offset) >= end) return;
        values.push(message.value?.toString() ?? '');
        if (BigInt(message.offset) + 1n >= end) ends.delete(partition);
      },
    });
    const deadline = Date.now() + withinMs;
    while (ends.size > 0) {
      if (Date.now() > deadline) {
        throw new Error(`${topic}: partitions ${[...ends.keys()].join(', ')} not read to their end in ${withinMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await consumer.disconnect();
  }
  return values;
}
