import type { TestPki } from './pki.js';

/** Names of the single-server services `with-services` runs by default, in start-report order. */
export const SERVICE_NAMES = ['mqtt', 'nats', 'amqp', 'kafka', 'postgres', 'mysql', 'clickhouse', 'socks5'] as const;

/**
 * Names of the 3-node broker clusters (docs/design.md#clusters). They run only when asked for with `--only`
 * (the cluster suite has its own CI step), never by default.
 */
export const CLUSTER_NAMES = ['nats-cluster', 'kafka-cluster', 'rabbitmq-cluster'] as const;

/** Every service test-infra can run: the single servers and the clusters. */
export const ALL_SERVICE_NAMES = [...SERVICE_NAMES, ...CLUSTER_NAMES] as const;

/** One service test-infra can run (a single server or a cluster). */
export type ServiceName = (typeof ALL_SERVICE_NAMES)[number];

/** User name every password-protected service accepts. */
export const TEST_USER = 'omnidial';
/** Password of {@link TEST_USER}. */
export const TEST_PASSWORD = 'omnidial-secret';
/** Database created in every SQL server. */
export const TEST_DATABASE = 'omnidial';

/** Environment variable holding each service's address. */
export const ENV_VARS: Readonly<Record<ServiceName, string>> = {
  mqtt: 'OMNIDIAL_TEST_MQTT_URL',
  nats: 'OMNIDIAL_TEST_NATS_URL',
  amqp: 'OMNIDIAL_TEST_AMQP_URL',
  kafka: 'OMNIDIAL_TEST_KAFKA_URL',
  postgres: 'OMNIDIAL_TEST_POSTGRES_URL',
  mysql: 'OMNIDIAL_TEST_MYSQL_URL',
  clickhouse: 'OMNIDIAL_TEST_CLICKHOUSE_URL',
  socks5: 'OMNIDIAL_TEST_SOCKS5_URL',
  'nats-cluster': 'OMNIDIAL_TEST_NATS_CLUSTER_URL',
  'kafka-cluster': 'OMNIDIAL_TEST_KAFKA_CLUSTER_URL',
  'rabbitmq-cluster': 'OMNIDIAL_TEST_AMQP_CLUSTER_URL',
};

/** Environment variable holding the TLS address of each service that has one (same CA for all). */
export const TLS_ENV_VARS: Readonly<Partial<Record<ServiceName, string>>> = {
  mqtt: 'OMNIDIAL_TEST_MQTT_TLS_URL',
  nats: 'OMNIDIAL_TEST_NATS_TLS_URL',
  amqp: 'OMNIDIAL_TEST_AMQP_TLS_URL',
  kafka: 'OMNIDIAL_TEST_KAFKA_TLS_URL',
  postgres: 'OMNIDIAL_TEST_POSTGRES_TLS_URL',
  mysql: 'OMNIDIAL_TEST_MYSQL_TLS_URL',
};

/** Environment variable holding the PEM file of the throw-away CA that signed every TLS listener. */
export const CA_ENV_VAR = 'OMNIDIAL_TEST_CA';

/** Environment variable holding the restart-control server's address. */
export const CONTROL_ENV_VAR = 'OMNIDIAL_TEST_CONTROL_URL';

/** True when `name` is a known {@link ServiceName}. */
export function isServiceName(name: string): name is ServiceName {
  return (ALL_SERVICE_NAMES as readonly string[]).includes(name);
}

/** How to launch one server process. */
export interface ProcessSpec {
  /** Short label used for the log file name and messages. */
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** Extra environment on top of `process.env`. */
  readonly env?: Readonly<Record<string, string>>;
  /** Run as this user (needed for postgres when we are root). */
  readonly uid?: number;
  readonly gid?: number;
  /** Signal for a graceful stop; SIGTERM unless set. */
  readonly stopSignal?: NodeJS.Signals;
  /** Wait until this port accepts connections before starting the next process. */
  readonly waitListening?: number;
}

/** Everything the harness needs to run, probe and address one service. */
export interface ServiceSpec {
  readonly name: ServiceName;
  /** Address of the service as put in its environment variable. */
  readonly url: string;
  /** The TLS address (certificate for localhost/127.0.0.1 signed by the harness CA), if any. */
  readonly tlsUrl?: string;
  /** Every TCP port the service listens on (the first is the client port). */
  readonly ports: readonly number[];
  /** Executables or files that must exist; a missing one means "run pnpm services:install". */
  readonly requires: readonly string[];
  /** One-time preparation of the service directory (configs, data dir init). */
  init(): Promise<void>;
  /** Processes to start, in order; they are stopped in reverse order. */
  processes(): readonly ProcessSpec[];
  /** One readiness attempt with a real protocol operation; throws while not ready. */
  probe(): Promise<void>;
  /** Start-up limit for this service in ms, when it needs more than the harness default. */
  readonly startTimeoutMs?: number;
  /** For a cluster: its nodes, each one process that can be killed and started on its own. */
  readonly nodes?: readonly ClusterNode[];
  /** Runs once after the first successful probe (e.g. create the database). */
  afterFirstReady?(): Promise<void>;
}

/** Shared inputs of every service factory. */
export interface ServiceContext {
  /** The service's own directory inside the harness's temporary base dir. */
  readonly dir: string;
  /** test-infra's directory (to find `.cache/`). */
  readonly infraDir: string;
  /** The harness's throw-away CA and server certificate, shared by every TLS listener. */
  readonly pki: TestPki;
}

/** One node of a cluster service: the label of its process and the port clients connect to. */
export interface ClusterNode {
  /** {@link ProcessSpec.label} of the node's process. */
  readonly label: string;
  /** The node's client port on 127.0.0.1. */
  readonly port: number;
  /** Readiness of this one node after a restart (default: its port accepts connections). */
  readonly probe?: () => Promise<void>;
}
