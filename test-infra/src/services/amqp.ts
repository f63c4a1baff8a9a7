import path from 'node:path';
import { probeAmqp } from '../probe/broker.js';
import { writeFile } from '../system.js';
import { TEST_PASSWORD, TEST_USER, type ServiceContext, type ServiceSpec } from '../types.js';

/** The server script of Debian's `rabbitmq-server` package. */
export const RABBITMQ_SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';

/** Environment of one RabbitMQ node whose config, data and logs live in `dir`. */
export function rabbitmqEnv(
  dir: string,
  erlangEnv: Readonly<Record<string, string>>,
  nodeName: string,
  port: number,
  distPort: number,
): Record<string, string> {
  return {
    ...erlangEnv,
    RABBITMQ_NODENAME: nodeName,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_CONFIG_FILE: path.join(dir, 'rabbitmq.conf'),
    RABBITMQ_ADVANCED_CONFIG_FILE: path.join(dir, 'advanced.config'),
    RABBITMQ_CONF_ENV_FILE: path.join(dir, 'rabbitmq-env.conf'),
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, 'enabled_plugins'),
    RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: path.join(dir, 'log'),
    RABBITMQ_PLUGINS_EXPAND_DIR: path.join(dir, 'plugins-expand'),
    RABBITMQ_PID_FILE: path.join(dir, 'rabbitmq.pid'),
    RABBITMQ_LOGS: '-',
    // No scheduler busy-waiting: an idle VM then leaves the shared cores to the other servers
    // (three RabbitMQ nodes spinning beside three Kafka JVMs slowed every boot to minutes).
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-start_epmd false +sbwt none +sbwtdcpu none +sbwtdio none',
    // Make the script `exec` the Erlang VM (no wrapper shell), so the VM is the process we
    // signal and the one setpriv's parent-death signal applies to; still no shell input.
    RABBITMQ_ALLOW_INPUT: 'true',
    RABBITMQ_SERVER_START_ARGS: '-noinput',
  };
}

/**
 * RabbitMQ (Debian `rabbitmq-server`, no plugins). It gets a private `epmd` on its own port so
 * nothing is left daemonized and two harnesses never share an Erlang port mapper.
 */
export function amqpService(ctx: ServiceContext, [port, distPort, epmdPort, tlsPort]: readonly number[]): ServiceSpec {
  if (port === undefined || distPort === undefined || epmdPort === undefined || tlsPort === undefined)
    throw new Error('amqp needs four ports');
  const d = ctx.dir;
  const erlangEnv = { ERL_EPMD_PORT: String(epmdPort), ERL_EPMD_ADDRESS: '127.0.0.1', HOME: d };
  return {
    name: 'amqp',
    url: `amqp://${TEST_USER}:${TEST_PASSWORD}@127.0.0.1:${port}/`,
    tlsUrl: `amqps://${TEST_USER}:${TEST_PASSWORD}@127.0.0.1:${tlsPort}/`,
    ports: [port, distPort, epmdPort, tlsPort],
    requires: [RABBITMQ_SERVER, 'epmd'],
    async init() {
      writeFile(
        path.join(d, 'rabbitmq.conf'),
        [
          `listeners.tcp.default = 127.0.0.1:${port}`,
          `listeners.ssl.default = 127.0.0.1:${tlsPort}`,
          `ssl_options.cacertfile = ${ctx.pki.caFile}`,
          `ssl_options.certfile = ${ctx.pki.certFile}`,
          `ssl_options.keyfile = ${ctx.pki.keyFile}`,
          'ssl_options.verify = verify_none',
          'ssl_options.fail_if_no_peer_cert = false',
          `default_user = ${TEST_USER}`,
          `default_pass = ${TEST_PASSWORD}`,
          'default_vhost = /',
          'loopback_users = none',
          'log.console = true',
          'log.console.level = info',
          'log.file = false',
        ].join('\n') + '\n',
      );
      writeFile(path.join(d, 'enabled_plugins'), '[].\n');
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
      {
        label: 'rabbitmq',
        command: RABBITMQ_SERVER,
        args: [],
        cwd: d,
        env: rabbitmqEnv(d, erlangEnv, 'omnidial@localhost', port, distPort),
      },
    ],
    probe: () => probeAmqp(`amqp://${TEST_USER}:${TEST_PASSWORD}@127.0.0.1:${port}/`),
  };
}
