/** One official transport package: the npm name and the schemes it provides. */
export interface PackageInfo {
  /** npm package name. */
  readonly name: string;
  /** Schemes it provides, the primary one first. */
  readonly schemes: readonly string[];
  /** `socket`, `websocket`, `broker`, `database` or `recording`. */
  readonly family: 'socket' | 'websocket' | 'broker' | 'database' | 'recording';
}

/**
 * The one scheme → package table, in documentation order. The registry's install hint,
 * `omnidial list` and the umbrella's tests all read it; a test checks that every official
 * driver's `packageName` and `schemes` match its row.
 */
export const OFFICIAL_PACKAGES: readonly PackageInfo[] = Object.freeze([
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
] as const satisfies readonly PackageInfo[]);

/** The official package that provides `scheme` (case-insensitive), or undefined. */
export function officialPackageOf(scheme: string): PackageInfo | undefined {
  const wanted = scheme.toLowerCase();
  return OFFICIAL_PACKAGES.find((info) => info.schemes.includes(wanted));
}

/** Every scheme of the official packages, in table order. */
export function officialSchemes(): string[] {
  return OFFICIAL_PACKAGES.flatMap((info) => info.schemes);
}
