import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { probeAmqp } from '../probe/broker.js';
import { execFileAsync, writeFile } from '../system.js';
import { TEST_PASSWORD, TEST_USER, type ProcessSpec, type ServiceContext, type ServiceSpec } from '../types.js';
import { RABBITMQ_SERVER, rabbitmqEnv } from './amqp.js';

const NODES = 3;
/** The CLI itself, not Debian's wrapper (which switches to the rabbitmq user and its HOME and cookie). */
const RABBITMQCTL = '/usr/lib/rabbitmq/bin/rabbitmqctl';

/**
 * Three RabbitMQ nodes in one cluster (classic-config peer discovery, one private `epmd`, a
 * shared Erlang cookie) for quorum queues. Node 1 starts first so 2 and 3 join it.
 */
export function rabbitmqClusterService(ctx: ServiceContext, ports: readonly number[]): ServiceSpec {
  if (ports.length !== NODES * 2 + 1) throw new Error(`rabbitmq-cluster needs ${NODES * 2 + 1} ports`);
  const amqpPorts = ports.slice(0, NODES);
  const distPorts = ports.slice(NODES, NODES * 2);
  const epmdPort = ports[NODES * 2]!;
  const d = ctx.dir;
  const nodeName = (i: number): string => `omnidial-${i + 1}@localhost`;
  const nodeDir = (i: number): string => path.join(d, `node${i + 1}`);
  const erlangEnv = { ERL_EPMD_PORT: String(epmdPort), ERL_EPMD_ADDRESS: '127.0.0.1', HOME: d };
  const url = (port: number): string => `amqp://${TEST_USER}:${TEST_PASSWORD}@127.0.0.1:${port}/`;
  const probeCluster = async (i: number): Promise<void> => {
    await probeAmqp(url(amqpPorts[i]!));
    const { stdout } = await execFileAsync(RABBITMQCTL, ['-n', nodeName(i), '-q', 'cluster_status', '--formatter', 'json'], {
      env: { ...process.env, ...erlangEnv },
      timeout: 20_000,
    });
    const running = (JSON.parse(stdout) as { running_nodes?: string[] }).running_nodes ?? [];
    if (running.length < NODES) throw new Error(`cluster has ${running.length} of ${NODES} running nodes`);
  };
  // A restarted node is ready once every quorum queue has all its members online again, so the
  // cluster is whole: killing another node before that could leave a queue without a majority.
  const probeQuorumQueues = async (i: number): Promise<void> => {
    const columns = ['name', 'type', 'members', 'online'];
    const { stdout } = await execFileAsync(RABBITMQCTL, ['-n', nodeName(i), '-q', 'list_queues', ...columns, '--formatter', 'json'], {
      env: { ...process.env, ...erlangEnv },
      timeout: 20_000,
    });
    const queues = JSON.parse(stdout) as { name: string; type: string; members?: string[]; online?: string[] }[];
    const short = queues.filter((q) => q.type === 'quorum' && (q.online ?? []).length < (q.members ?? []).length);
    if (short.length > 0) throw new Error(`quorum queues with members offline: ${short.map((q) => q.name).join(', ')}`);
  };
  const nodeProcess = (i: number): ProcessSpec => ({
    label: `rabbitmq-${i + 1}`,
    command: RABBITMQ_SERVER,
    args: [],
    cwd: nodeDir(i),
    env: rabbitmqEnv(nodeDir(i), erlangEnv, nodeName(i), amqpPorts[i]!, distPorts[i]!),
    // Node 1 forms the cluster; 2 and 3 start together once it listens and join it.
    ...(i === 0 ? { waitListening: amqpPorts[0]! } : {}),
  });
  return {
    name: 'rabbitmq-cluster',
    url: `amqp://${TEST_USER}:${TEST_PASSWORD}@${amqpPorts.map((p) => `127.0.0.1:${p}`).join(',')}/`,
    ports,
    requires: [RABBITMQ_SERVER, RABBITMQCTL, 'epmd'],
    startTimeoutMs: 240_000,
    async init() {
      const cookie = path.join(d, '.erlang.cookie');
      writeFile(cookie, randomBytes(20).toString('hex').toUpperCase());
      fs.chmodSync(cookie, 0o400);
      for (let i = 0; i < NODES; i++) {
        writeFile(
          path.join(nodeDir(i), 'rabbitmq.conf'),
          [
            `listeners.tcp.default = 127.0.0.1:${amqpPorts[i]}`,
            `default_user = ${TEST_USER}`,
            `default_pass = ${TEST_PASSWORD}`,
            'default_vhost = /',
            'loopback_users = none',
            'log.console = true',
            'log.console.level = info',
            'log.file = false',
            'cluster_formation.peer_discovery_backend = classic_config',
            ...Array.from({ length: NODES }, (_, j) => `cluster_formation.classic_config.nodes.${j + 1} = ${nodeName(j)}`),
          ].join('\n') + '\n',
        );
        writeFile(path.join(nodeDir(i), 'enabled_plugins'), '[].\n');
      }
    },
    processes: () => [
      { label: 'epmd', command: 'epmd', args: ['-port', String(epmdPort), '-address', '127.0.0.1'], cwd: d, env: erlangEnv, waitListening: epmdPort },
      ...Array.from({ length: NODES }, (_, i) => nodeProcess(i)),
    ],
    probe: async () => {
      await probeCluster(0);
      for (let i = 1; i < NODES; i++) await probeAmqp(url(amqpPorts[i]!));
    },
    nodes: amqpPorts.map((port, i) => ({
      label: `rabbitmq-${i + 1}`, port, probe: async () => { await probeCluster(i); await probeQuorumQueues(i); },
    })),
  };
}
