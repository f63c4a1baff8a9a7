import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { probeAmqp } from '../probe/broker.js';
import { execFileAsync, writeFile } from '../system.js';
import { TEST_PASSWORD, TEST_USER, type ProcessSpec, type ServiceContext, type ServiceSpec } from '../types.js';
import { RABBITMQ_SERVER, rabbitmqEnv } from './amqp.js';

const NODES = 3;
/**
 * Three Erlang VMs booting one after another took over 4 minutes beside the Kafka cluster on a
 * 2-core machine at load 40; ten minutes is generous, and a failure names the node that lagged.
 */
const START_TIMEOUT_MS = 600_000;
/** How long a joining node keeps trying to reach node 1 before it would boot on its own: 2 minutes. */
const JOIN_RETRIES = 60;
const JOIN_RETRY_INTERVAL_MS = 2000;
const CTL_TIMEOUT_MS = 60_000;
/** The CLI itself, not Debian's wrapper (which switches to the rabbitmq user and its HOME and cookie). */
const RABBITMQCTL = '/usr/lib/rabbitmq/bin/rabbitmqctl';

/**
 * Three RabbitMQ nodes in one cluster (classic-config peer discovery, one private `epmd`, a
 * shared Erlang cookie) for quorum queues. The nodes boot one at a time: node 1 forms the
 * cluster, 2 and then 3 join it. Ready once node 1 sees all three running.
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
  const ctl = async (i: number, args: readonly string[]): Promise<string> => {
    // Each call boots an Erlang VM of its own: a minute is generous on a busy 2-core machine.
    const { stdout } = await execFileAsync(RABBITMQCTL, ['-n', nodeName(i), '-q', ...args, '--formatter', 'json'], {
      env: { ...process.env, ...erlangEnv },
      timeout: CTL_TIMEOUT_MS,
    });
    return stdout;
  };
  const probeCluster = async (i: number): Promise<void> => {
    await probeAmqp(url(amqpPorts[i]!));
    const running = (JSON.parse(await ctl(i, ['cluster_status'])) as { running_nodes?: string[] }).running_nodes ?? [];
    const missing = Array.from({ length: NODES }, (_, j) => nodeName(j)).filter((name) => !running.includes(name));
    if (missing.length > 0)
      throw new Error(
        `${missing.join(', ')} not running in ${nodeName(i)}'s cluster (running: ${running.join(', ') || 'none'})`,
      );
  };
  // A restarted node is ready once every quorum queue has all its members online again, so the
  // cluster is whole: killing another node before that could leave a queue without a majority.
  // Each rabbitmqctl call boots an Erlang VM (seconds on a busy machine), so one call answers
  // both: a quorum queue with every member online shows the node running in the cluster; only
  // without such a queue is the cluster status asked as well.
  const probeRestarted = async (i: number): Promise<void> => {
    await probeAmqp(url(amqpPorts[i]!));
    const columns = ['name', 'type', 'members', 'online'];
    const queues = (
      JSON.parse(await ctl(i, ['list_queues', ...columns])) as {
        name: string;
        type: string;
        members?: string[];
        online?: string[];
      }[]
    ).filter((q) => q.type === 'quorum');
    const short = queues.filter((q) => (q.online ?? []).length < (q.members ?? []).length);
    if (short.length > 0) throw new Error(`quorum queues with members offline: ${short.map((q) => q.name).join(', ')}`);
    if (!queues.some((q) => (q.online ?? []).includes(nodeName(i)))) await probeCluster(i);
  };
  const nodeProcess = (i: number): ProcessSpec => ({
    label: `rabbitmq-${i + 1}`,
    command: RABBITMQ_SERVER,
    args: [],
    cwd: nodeDir(i),
    env: rabbitmqEnv(nodeDir(i), erlangEnv, nodeName(i), amqpPorts[i]!, distPorts[i]!),
    // One node boots at a time: node 1 forms the cluster, then 2 and then 3 join it. A node
    // opens its AMQP port only after joining, so the next one starts against a settled cluster.
    waitListening: amqpPorts[i]!,
  });
  return {
    name: 'rabbitmq-cluster',
    url: `amqp://${TEST_USER}:${TEST_PASSWORD}@${amqpPorts.map((p) => `127.0.0.1:${p}`).join(',')}/`,
    ports,
    requires: [RABBITMQ_SERVER, RABBITMQCTL, 'epmd'],
    startTimeoutMs: START_TIMEOUT_MS,
    async init() {
      // Node 1 has no peers to discover, so it forms a cluster of its own at once (with the list
      // of all three it would first wait out its retries for 2 and 3, which start after it).
      const joinNodeOne = [
        'cluster_formation.peer_discovery_backend = classic_config',
        `cluster_formation.classic_config.nodes.1 = ${nodeName(0)}`,
        `cluster_formation.discovery_retry_limit = ${JOIN_RETRIES}`,
        `cluster_formation.discovery_retry_interval = ${JOIN_RETRY_INTERVAL_MS}`,
      ];
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
            ...(i === 0 ? [] : joinNodeOne),
          ].join('\n') + '\n',
        );
        writeFile(path.join(nodeDir(i), 'enabled_plugins'), '[].\n');
      }
    },
    processes: () => [
      {
        label: 'epmd',
        command: 'epmd',
        args: ['-port', String(epmdPort), '-address', '127.0.0.1'],
        cwd: d,
        env: erlangEnv,
        waitListening: epmdPort,
      },
      ...Array.from({ length: NODES }, (_, i) => nodeProcess(i)),
    ],
    probe: async () => {
      await probeCluster(0);
      for (let i = 1; i < NODES; i++) await probeAmqp(url(amqpPorts[i]!));
    },
    nodes: amqpPorts.map((port, i) => ({
      label: `rabbitmq-${i + 1}`,
      port,
      probe: () => probeRestarted(i),
    })),
  };
}
