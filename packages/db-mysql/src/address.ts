import {
  addressSecrets,
  invalidAddress,
  nativeValues,
  parseBrokerUrl,
  redactAddress,
  type OptionSchema,
  type ResolvedOptions,
} from '@omnidial/core/driver';

/** Connection settings read from a `mysql://` address (URL form or Go-driver DSN). */
export interface MysqlTarget {
  host: string;
  port: number;
  /** Set for `unix(/path/to/mysqld.sock)`. */
  socketPath: string | undefined;
  user: string;
  password: string;
  database: string;
  charset: string | undefined;
  /** mysql2 `timezone`: `Z` (UTC, the default), `local` or `+HH:MM`. */
  timezone: string;
  connectTimeoutMs: number | undefined;
  /** TLS: off, verified, or without certificate verification (`tls=skip-verify`). */
  tls: 'off' | 'verify' | 'skip-verify';
  multipleStatements: boolean;
}

/**
 * The Go driver's DSN keys: accepted in the URL's `?query` and after `|` (values literal, like
 * every option). `timeout` here is the Go duration of the DSN; the options object's `timeout`
 * stays dial()'s connect timeout in seconds.
 */
export const MYSQL_OPTIONS: OptionSchema = {
  charset: { type: 'string', description: 'Connection character set (Go-DSN key).', example: 'utf8mb4' },
  collation: {
    type: 'string',
    description: 'Connection collation (Go-DSN key); wins over charset.',
    example: 'utf8mb4_unicode_ci',
  },
  parseTime: {
    type: 'boolean',
    description: 'Go-DSN key, accepted for compatibility: dates always come back as Date values.',
  },
  loc: {
    type: 'string',
    description: 'Time zone of DATETIME values (Go-DSN key): UTC (the default), Local or +HH:MM.',
    example: '+08:00',
  },
  timeout: {
    type: 'string',
    description: 'Connect timeout as a Go duration (Go-DSN key), e.g. 10s or 500ms.',
    example: '10s',
  },
  tls: {
    type: 'enum',
    values: ['true', 'false', 'skip-verify', 'preferred'],
    description:
      'TLS (Go-DSN key): true (verified), skip-verify (not verified), false or preferred (off, the default).',
  },
  allowNativePasswords: {
    type: 'boolean',
    description: 'Go-DSN key, accepted for compatibility: native passwords are always allowed.',
  },
  multiStatements: {
    type: 'boolean',
    description: 'Allow several statements in one exec() (Go-DSN key). Default false.',
  },
};

/** The Go-DSN keys, in schema order. */
export const MYSQL_QUERY_KEYS: readonly string[] = Object.keys(MYSQL_OPTIONS);

const GO_DSN = /@(tcp|unix)\(([^)]*)\)|^(tcp|unix)\(([^)]*)\)/;

/** Milliseconds of a Go duration such as `10s`, `500ms`, `1m30s`. */
function duration(text: string, fail: (m: string) => never): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let consumed = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    total += Number(m[1]) * units[m[2]!]!;
    consumed = re.lastIndex;
  }
  if (consumed !== text.length || text === '')
    fail(`timeout must be a Go duration such as 10s or 500ms, got ${JSON.stringify(text)}`);
  return Math.round(total);
}

/**
 * Parses `mysql://user:pass@host:3306/db?charset=utf8mb4` and the Go-driver DSN
 * `mysql://user:pass@tcp(host:3306)/db?...` / `user:pass@unix(/run/mysqld.sock)/db`. `base` is
 * the base without its `?query`, whose keys the core has read into `options`. No I/O.
 */
export function parseMysqlAddress(
  scheme: string,
  address: string,
  base: string,
  options: ResolvedOptions,
): MysqlTarget & { redacted: string; secrets: string[] } {
  const redacted = redactAddress(address);
  const fail = (message: string): never => {
    throw invalidAddress(scheme, address, message);
  };
  // The Go DSN `user:pass@tcp(host:port)/db` becomes the URL `user:pass@host:port/db`;
  // `unix(/path.sock)` becomes host `localhost` plus the socket path.
  const rest = base.slice(scheme.length + 3);
  const go = GO_DSN.exec(rest);
  let url = base;
  let socketPath: string | undefined;
  if (go !== null) {
    const protocol = go[1] ?? go[3]!;
    const target = go[2] ?? go[4]!;
    const userinfo = go[1] !== undefined ? `${rest.slice(0, go.index)}@` : '';
    if (protocol === 'unix') socketPath = target;
    url = `${scheme}://${userinfo}${protocol === 'unix' || target === '' ? 'localhost' : target}${rest.slice(go.index + go[0].length)}`;
  }
  const parsed = parseBrokerUrl(scheme, url, 3306);
  if (parsed.hosts.length > 1) fail('several hosts are not supported; give one host');
  let database = '';
  try {
    database = decodeURIComponent(parsed.path.replace(/^\//, ''));
  } catch {
    fail('bad percent-escape in the database name');
  }
  const parts = {
    user: parsed.username ?? '',
    password: parsed.password ?? '',
    host: parsed.hosts[0]!.host,
    port: parsed.hosts[0]!.port,
    socketPath,
    path: database,
  };
  const q = nativeValues(options, MYSQL_OPTIONS);
  const loc = q.get('loc') ?? 'UTC';
  const timezone =
    loc === 'UTC' || loc === 'Z'
      ? 'Z'
      : loc === 'Local'
        ? 'local'
        : /^[+-]\d\d:\d\d$/.test(loc)
          ? loc
          : fail(`loc must be UTC, Local or +HH:MM, got ${JSON.stringify(loc)}`);
  const tlsText = q.get('tls') ?? 'false';
  const tls =
    tlsText === 'true'
      ? 'verify'
      : tlsText === 'skip-verify'
        ? 'skip-verify'
        : tlsText === 'false' || tlsText === 'preferred'
          ? 'off'
          : fail(`tls must be true, false, skip-verify or preferred, got ${JSON.stringify(tlsText)}`);
  const timeout = q.get('timeout');
  return {
    host: parts.host,
    port: parts.port,
    socketPath: parts.socketPath,
    user: parts.user || 'root',
    password: parts.password,
    database: parts.path,
    charset: q.get('collation') ?? q.get('charset'),
    timezone,
    connectTimeoutMs: timeout === undefined ? undefined : duration(timeout, fail),
    tls,
    multipleStatements: q.get('multiStatements') === 'true',
    redacted,
    secrets: [...addressSecrets(address), ...(parts.password === '' ? [] : [parts.password])],
  };
}
