import amqp from 'amqplib';
import { Kafka, logLevel, type Admin } from 'kafkajs';

/** RabbitMQ readiness: a full AMQP 0-9-1 connection open (with login) and a channel. */
export async function probeAmqp(url: string): Promise<void> {
  const connection = await amqp.connect(url, { timeout: 3000 });
  connection.on('error', () => undefined);
  try {
    const channel = await connection.createChannel();
    await channel.close();
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** Runs `use` with a Kafka admin client on 127.0.0.1:`port` that fails at once instead of retrying. */
async function withKafkaAdmin(port: number, use: (admin: Admin) => Promise<void>): Promise<void> {
  const kafka = new Kafka({
    clientId: 'omnidial-probe',
    brokers: [`127.0.0.1:${port}`],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    requestTimeout: 3000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await use(admin);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * Kafka readiness: a metadata request must list the broker (the port opens before it serves)
 * and, for a cluster, all `brokers` of it with a controller.
 */
export function probeKafka(port: number, brokers = 1): Promise<void> {
  return withKafkaAdmin(port, async (admin) => {
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length < brokers || cluster.controller === null) {
      throw new Error(`Kafka has ${cluster.brokers.length} of ${brokers} broker(s), controller ${cluster.controller}`);
    }
  });
}

/**
 * Kafka serves consumer groups: the group coordinator answers. A fresh broker creates its
 * offsets topic on the first group request and answers COORDINATOR_NOT_AVAILABLE until it is
 * ready, which failed the first group dial of a test run on a loaded machine.
 */
export function probeKafkaGroups(port: number): Promise<void> {
  return withKafkaAdmin(port, async (admin) => {
    await admin.describeCluster(); // fills the client's broker pool, which the group request needs
    await admin.describeGroups(['omnidial-probe']);
  });
}

/**
 * A restarted Kafka cluster node has rejoined: every partition of every topic (internal ones
 * included) has all its replicas in sync. Until then a second node's death could leave a
 * partition with one in-sync replica, which a one-node-at-a-time failover test must not do.
 */
export function probeKafkaInSync(port: number): Promise<void> {
  return withKafkaAdmin(port, async (admin) => {
    const { topics } = await admin.fetchTopicMetadata({ topics: await admin.listTopics() });
    for (const topic of topics) {
      const behind = topic.partitions.filter((p) => p.isr.length < p.replicas.length);
      if (behind.length > 0) {
        throw new Error(`${topic.name}: partitions ${behind.map((p) => p.partitionId).join(', ')} not fully in sync`);
      }
    }
  });
}
