import path from 'node:path';
import { probeKafka, probeKafkaInSync } from '../probe/broker.js';
import { writeFile } from '../system.js';
import type { ServiceContext, ServiceSpec } from '../types.js';
import {
  KAFKA_START_TIMEOUT_MS,
  formatKafkaStorage,
  kafkaClusterId,
  kafkaJvm,
  kafkaProperties,
  kafkaRequires,
  writeKafkaLog4j,
} from './kafka.js';

/** Brokers in the cluster; each is also a KRaft controller (a majority of 2 keeps it running). */
const NODES = 3;

/**
 * Settings on top of {@link kafkaProperties}. The controller moves a dead broker's partition
 * leaders only once its heartbeats stop for `broker.session.timeout.ms` (9 s by default), which
 * is most of a failover; 3 s still rides out the scheduling stalls of a loaded 2-core machine.
 * Unclean leader election is off (Kafka's default, stated because the no-loss test relies on it).
 */
const CLUSTER_PROPERTIES = [
  'broker.heartbeat.interval.ms=500',
  'broker.session.timeout.ms=3000',
  'unclean.leader.election.enable=false',
];

/**
 * Three Kafka 3.9 KRaft nodes (broker + controller each) with replication factor 3 and
 * `min.insync.replicas=2`: one node can die without losing an acknowledged (acks=all) write.
 */
export function kafkaClusterService(ctx: ServiceContext, ports: readonly number[]): ServiceSpec {
  if (ports.length !== NODES * 2) throw new Error(`kafka-cluster needs ${NODES * 2} ports`);
  const clientPorts = ports.slice(0, NODES);
  const controllerPorts = ports.slice(NODES);
  const voters = controllerPorts.map((p, i) => `${i + 1}@127.0.0.1:${p}`).join(',');
  const nodeDir = (i: number): string => path.join(ctx.dir, `node${i + 1}`);
  const jvm = (i: number): string[] => kafkaJvm(ctx.infraDir, nodeDir(i), '512m');
  const properties = (i: number): string => path.join(nodeDir(i), 'server.properties');
  const bootstrap = clientPorts.map((p) => `127.0.0.1:${p}`).join(',');
  const probeAll = async (port: number): Promise<void> => {
    await probeKafka(port, NODES);
  };
  return {
    name: 'kafka-cluster',
    url: `kafka://${bootstrap}`,
    ports,
    requires: kafkaRequires(ctx.infraDir),
    startTimeoutMs: KAFKA_START_TIMEOUT_MS,
    async init() {
      const clusterId = kafkaClusterId();
      await Promise.all(
        clientPorts.map(async (port, i) => {
          const node = {
            nodeId: i + 1,
            port,
            controllerPort: controllerPorts[i]!,
            voters,
            dataDir: path.join(nodeDir(i), 'data'),
            replication: NODES,
          };
          writeFile(properties(i), `${kafkaProperties(node)}${CLUSTER_PROPERTIES.join('\n')}\n`);
          writeKafkaLog4j(nodeDir(i));
          await formatKafkaStorage(jvm(i), properties(i), clusterId, nodeDir(i));
        }),
      );
    },
    processes: () =>
      clientPorts.map((_, i) => ({
        label: `kafka-${i + 1}`,
        command: 'java',
        args: [...jvm(i), 'kafka.Kafka', properties(i)],
        cwd: nodeDir(i),
      })),
    probe: async () => {
      for (const port of clientPorts) await probeAll(port);
    },
    // A restarted node is ready once it is back in every ISR, so the cluster is whole again.
    nodes: clientPorts.map((port, i) => ({
      label: `kafka-${i + 1}`,
      port,
      probe: async () => {
        await probeAll(port);
        await probeKafkaInSync(port);
      },
    })),
  };
}
