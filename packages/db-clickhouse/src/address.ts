import {
  addressSecrets,
  invalidAddress,
  nativeValues,
  parseBrokerUrl,
  redactAddress,
  type OptionSchema,
  type ResolvedOptions,
} from '@omnidial/core/driver';

/** Where a `clickhouse://` address points: always ClickHouse's HTTP interface. */
export interface ClickhouseTarget {
  /** `http://host:port` or `https://host:port`. */
  url: string;
  username: string;
  password: string;
  database: string;
  /** Connect timeout from `dial_timeout`, in ms. */
  connectTimeoutMs: number | undefined;
}

/**
 * FMZ's Go-driver keys: accepted in the URL's `?query` and after `|` (values literal, like every
 * option). A key given here wins over the same part of the URL.
 */
export const CLICKHOUSE_OPTIONS: OptionSchema = {
  username: {
    type: 'string',
    description: 'User name (Go-driver key); wins over the URL user. Default default.',
    example: 'default',
  },
  password: {
    type: 'string',
    secret: true,
    description: 'Password (Go-driver key); wins over the URL password.',
    example: 'pw',
  },
  database: {
    type: 'string',
    description: 'Database (Go-driver key); wins over the URL path. Default default.',
    example: 'ticks',
  },
  http_port: {
    type: 'integer',
    min: 1,
    max: 65535,
    description: 'HTTP port to use instead of the mapped one (9000 → 8123, 9440 → 8443).',
    example: '8123',
  },
  secure: {
    type: 'boolean',
    description: 'Use HTTPS (Go-driver key). Default: on for port 9440 and https://, else off.',
  },
  dial_timeout: {
    type: 'string',
    description: 'Connect timeout (Go-driver key): seconds, or with a unit: 10s, 500ms, 1m.',
    example: '10s',
  },
  compress: {
    type: 'string',
    description: 'Go-driver key, accepted for compatibility: the HTTP client negotiates compression itself.',
    example: 'lz4',
  },
  debug: { type: 'boolean', description: 'Go-driver key, accepted for compatibility: has no effect.' },
};

/** The Go-driver keys, in schema order. */
export const CLICKHOUSE_QUERY_KEYS: readonly string[] = Object.keys(CLICKHOUSE_OPTIONS);

/** Native-protocol ports and the HTTP ports they are mapped to (`9440` is native over TLS). */
const NATIVE_TO_HTTP: Readonly<Record<number, { port: number; secure: boolean }>> = {
  9000: { port: 8123, secure: false },
  9440: { port: 8443, secure: true },
};

function seconds(text: string, fail: (m: string) => never): number {
  const m =
    /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text) ??
    fail(`dial_timeout must be like 10s or 500ms, got ${JSON.stringify(text)}`);
  const factor = m[2] === 'ms' ? 1 : m[2] === 'm' ? 60_000 : 1000;
  return Math.round(Number(m[1]) * factor);
}

/**
 * Parses `clickhouse://user:pass@host:8123/db` and FMZ's
 * `clickhouse://tcp://host:9000?username=..&password=..&database=..`. omnidial speaks
 * ClickHouse's HTTP interface: a native port is mapped to its HTTP port (9000 → 8123,
 * 9440 → 8443 over TLS), any other port is used as given, and `http_port=` overrides. No I/O.
 */
export function parseClickhouseAddress(
  scheme: string,
  address: string,
  base: string,
  options: ResolvedOptions,
): ClickhouseTarget & { redacted: string; secrets: string[] } {
  const redacted = redactAddress(address);
  const fail = (message: string): never => {
    throw invalidAddress(scheme, address, message);
  };
  let rest = base.slice(scheme.length + 3);
  const inner = /^(tcp|http|https):\/\//i.exec(rest);
  const protocol = inner?.[1]?.toLowerCase();
  if (inner !== null) rest = rest.slice(inner[0].length);
  const parsed = parseBrokerUrl(scheme, `${scheme}://${rest}`, 8123);
  const head = rest.split('?')[0]!;
  const portGiven = /:\d+$/.test(head.slice(head.lastIndexOf('@') + 1).split('/')[0]!);
  if (parsed.hosts.length > 1) fail('several hosts are not supported; give one host');
  const first = parsed.hosts[0]!;
  let database = '';
  try {
    database = decodeURIComponent(parsed.path.replace(/^\//, ''));
  } catch {
    fail('bad percent-escape in the database name');
  }
  const url = {
    host: first.host,
    port: portGiven ? first.port : undefined,
    user: parsed.username ?? '',
    password: parsed.password ?? '',
    path: database,
  };
  const q = nativeValues(options, CLICKHOUSE_OPTIONS);
  const secureText = q.get('secure');
  if (secureText !== undefined && secureText !== 'true' && secureText !== 'false')
    fail(`secure must be true or false, got ${JSON.stringify(secureText)}`);
  let secure = secureText === 'true' || protocol === 'https';
  let port = url.port;
  if (protocol === 'tcp' || protocol === undefined) {
    const mapped = NATIVE_TO_HTTP[port ?? (protocol === 'tcp' ? 9000 : 0)];
    if (mapped !== undefined) {
      port = mapped.port;
      secure ||= mapped.secure;
    }
  }
  const httpPort = q.get('http_port');
  if (httpPort !== undefined) {
    port = Number(httpPort);
    if (!/^\d+$/.test(httpPort) || port < 1 || port > 65535) fail(`invalid http_port ${JSON.stringify(httpPort)}`);
  }
  port ??= secure ? 8443 : 8123;
  const host = url.host === '' ? '127.0.0.1' : url.host.includes(':') ? `[${url.host}]` : url.host;
  const password = q.get('password') ?? url.password;
  const timeout = q.get('dial_timeout');
  return {
    url: `${secure ? 'https' : 'http'}://${host}:${port}`,
    username: q.get('username') ?? (url.user || 'default'),
    password,
    database: q.get('database') ?? (url.path || 'default'),
    connectTimeoutMs: timeout === undefined ? undefined : seconds(timeout, fail),
    redacted,
    secrets: [...addressSecrets(address), ...(password === '' ? [] : [password])],
  };
}
