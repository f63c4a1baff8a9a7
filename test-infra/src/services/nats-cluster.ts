import path from 'node:path';
import { probeNats } from '../probe/nats.js';
import { writeFile } from '../system.js';
import type { ServiceContext, ServiceSpec } from '../types.js';

const NODES = 3;

/** Throws unless the node's monitoring endpoint reports a JetStream meta leader for all nodes. */
async function probeJetStreamCluster(monitorPort: number): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${monitorPort}/jsz`, { signal: AbortSignal.timeout(2000) });
  const jsz = (await response.json()) as { meta_cluster?: { leader?: string; cluster_size?: number } };
  const meta = jsz.meta_cluster;
  if (!meta?.leader || (meta.cluster_size ?? 0) < NODES)
    throw new Error(`JetStream meta cluster not ready: ${JSON.stringify(meta)}`);
}

/**
 * Three nats-server processes joined by routes into one cluster with JetStream (streams may
 * use 3 replicas). Each node has a client, a route and a monitoring port.
 */
export function natsClusterService(ctx: ServiceContext, ports: readonly number[]): ServiceSpec {
  if (ports.length !== NODES * 3) throw new Error(`nats-cluster needs ${NODES * 3} ports`);
  const clientPorts = ports.slice(0, NODES);
  const routePorts = ports.slice(NODES, NODES * 2);
  const monitorPorts = ports.slice(NODES * 2);
  const config = (i: number): string => path.join(ctx.dir, `n${i + 1}.conf`);
  const probeNode = async (i: number): Promise<void> => {
    await probeNats(clientPorts[i]!);
    await probeJetStreamCluster(monitorPorts[i]!);
  };
  return {
    name: 'nats-cluster',
    url: `nats://${clientPorts.map((p) => `127.0.0.1:${p}`).join(',')}`,
    ports,
    requires: ['/usr/sbin/nats-server'],
    async init() {
      clientPorts.forEach((port, i) => {
        const routes = routePorts.filter((_, j) => j !== i).map((p) => `"nats-route://127.0.0.1:${p}"`);
        writeFile(
          config(i),
          [
            `server_name: n${i + 1}`,
            `listen: "127.0.0.1:${port}"`,
            `http: "127.0.0.1:${monitorPorts[i]}"`,
            `jetstream { store_dir: "${path.join(ctx.dir, `n${i + 1}`, 'jetstream')}" }`,
            `cluster { name: omnidial, listen: "127.0.0.1:${routePorts[i]}", routes: [${routes.join(', ')}] }`,
          ].join('\n') + '\n',
        );
      });
    },
    processes: () =>
      clientPorts.map((_, i) => ({
        label: `nats-${i + 1}`,
        command: '/usr/sbin/nats-server',
        args: ['-c', config(i)],
        cwd: ctx.dir,
      })),
    probe: async () => {
      for (let i = 0; i < NODES; i++) await probeNode(i);
    },
    nodes: clientPorts.map((port, i) => ({ label: `nats-${i + 1}`, port, probe: () => probeNode(i) })),
  };
}
