import { killNode, nodePorts, serviceUrl, startNode, type ServiceName } from '@omnidial/test-infra';
import {
  createKafkaTopic,
  createNatsStream,
  declareQuorumQueue,
  kafkaLeaderPort,
  kafkaTopicValues,
  natsStreamCurrent,
} from '@omnidial/test-infra/clusters';
import { dialWithin } from './dial-retry.js';
import { attachedNode, ownRemotePorts } from './attached.js';
import type { FailoverTarget } from './failover.js';

/** The brokers with a 3-node cluster in test-infra, and the service running it. */
export const CLUSTERS = {
  nats: 'nats-cluster',
  kafka: 'kafka-cluster',
  amqp: 'rabbitmq-cluster',
} as const satisfies Record<string, ServiceName>;

/** A broker with a cluster: `nats`, `kafka` or `amqp`. */
export type ClusterBroker = keyof typeof CLUSTERS;

/** Reconnect quickly: a failover should be measured, not the backoff. */
const RECONNECT = 'reconnect=true&interval=100';

/** A node one of this process's connections is attached to; alternates when they are on several. */
async function attachedVictim(ports: readonly number[], cycle: number): Promise<number> {
  const remote = new Set(ownRemotePorts());
  const attached = ports.map((port, i) => (remote.has(port) ? i : -1)).filter((i) => i >= 0);
  if (attached.length === 0) throw new Error(`no connection to any node (${ports.join(', ')})`);
  return attached[cycle % attached.length]!;
}

/** Names unique to one run, so reruns against the same cluster never see old messages. */
export function runNames(broker: ClusterBroker): {
  subject: string;
  stream: string;
  topic: string;
  queue: string;
  group: string;
} {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return { subject: `cf.${broker}.${id}`, stream: `CF_${id}`, topic: `cf-${id}`, queue: `cf-${id}`, group: `g-${id}` };
}

/** Multi-node reader and writer addresses of `broker`'s cluster for one run (created on the cluster). */
export async function clusterAddresses(
  broker: ClusterBroker,
  partitions = 1,
): Promise<{ reader: string; writer: string; names: ReturnType<typeof runNames> }> {
  const url = serviceUrl(CLUSTERS[broker]);
  const names = runNames(broker);
  if (broker === 'nats') {
    await createNatsStream(url, names.stream, names.subject, 3);
    const base = `${url}?topic=${names.subject}&jetstream=true&stream=${names.stream}`;
    return { reader: `${base}&queue=${names.group}|${RECONNECT}`, writer: `${base}|${RECONNECT}`, names };
  }
  if (broker === 'kafka') {
    await createKafkaTopic(url, names.topic, partitions, 3);
    const base = `${url}/${names.topic}`;
    return { reader: `${base}?group=${names.group}&from=earliest|${RECONNECT}`, writer: `${base}|${RECONNECT}`, names };
  }
  await declareQuorumQueue(url, names.queue);
  const base = `${url}?exchange=${names.queue}&exchangeType=direct&routingKey=${names.queue}`;
  return { reader: `${base}&queue=${names.queue}|${RECONNECT}`, writer: `${base}&confirm=true|${RECONNECT}`, names };
}

/** A {@link FailoverTarget} on `broker`'s cluster: kills the node its connections use (Kafka: the partition leader). */
export async function failoverTarget(broker: ClusterBroker): Promise<FailoverTarget> {
  const service = CLUSTERS[broker];
  const ports = await nodePorts(service);
  const { reader, writer, names } = await clusterAddresses(broker);
  return {
    name: broker,
    openReader: () => dialWithin(reader),
    openWriter: () => dialWithin(writer),
    victim: async (cycle) => {
      if (broker !== 'kafka') return attachedVictim(ports, cycle);
      const leader = ports.indexOf(await kafkaLeaderPort(serviceUrl(service), names.topic));
      return leader >= 0 ? leader : attachedNode(ports);
    },
    kill: (index) => killNode(service, index),
    // NATS: the next kill waits until the restarted node's replica of the stream has caught up.
    start: async (index) => {
      await startNode(service, index);
      if (broker === 'nats') await natsStreamCurrent(serviceUrl(service), names.stream);
    },
    ...(broker === 'kafka' ? { stored: () => kafkaTopicValues(serviceUrl(service), names.topic) } : {}),
  };
}
