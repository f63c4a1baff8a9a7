/** One official transport package, as `omnidial list` shows it even when it is not installed. */
export interface PackageInfo {
  /** npm package name. */
  readonly name: string;
  /** Schemes it provides. */
  readonly schemes: readonly string[];
  /** `socket`, `websocket`, `broker`, `database` or `recording`. */
  readonly family: 'socket' | 'websocket' | 'broker' | 'database' | 'recording';
}

/** The official transport packages, in documentation order. */
export const OFFICIAL_PACKAGES: readonly PackageInfo[] = [
  { name: '@omnidial/transport-net', schemes: ['tcp', 'udp', 'tls', 'unix'], family: 'socket' },
  { name: '@omnidial/transport-ws', schemes: ['ws', 'wss'], family: 'websocket' },
  { name: '@omnidial/mq-mqtt', schemes: ['mqtt', 'mqtts'], family: 'broker' },
  { name: '@omnidial/mq-nats', schemes: ['nats'], family: 'broker' },
  { name: '@omnidial/mq-amqp', schemes: ['amqp', 'amqps'], family: 'broker' },
  { name: '@omnidial/mq-kafka', schemes: ['kafka'], family: 'broker' },
  { name: '@omnidial/db-sqlite', schemes: ['sqlite3', 'sqlite'], family: 'database' },
  { name: '@omnidial/db-mysql', schemes: ['mysql'], family: 'database' },
  { name: '@omnidial/db-postgres', schemes: ['postgres', 'postgresql'], family: 'database' },
  { name: '@omnidial/db-clickhouse', schemes: ['clickhouse'], family: 'database' },
  { name: '@omnidial/replay', schemes: ['replay'], family: 'recording' },
];
