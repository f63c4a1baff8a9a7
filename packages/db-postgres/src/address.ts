import {
  addressSecrets,
  invalidAddress,
  nativeValues,
  parseBrokerUrl,
  redactAddress,
  type OptionSchema,
  type ResolvedOptions,
} from '@omnidial/core/driver';

/** Connection settings read from a `postgres://` address (URL form or lib/pq key=value DSN). */
export interface PostgresTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** `disable` (no TLS), `require` (TLS without certificate checks), `verify` (`verify-ca`/`verify-full`). */
  ssl: 'disable' | 'require' | 'verify';
  connectTimeoutMs: number | undefined;
  applicationName: string | undefined;
}

const SSLMODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

/**
 * lib/pq's keys: accepted in the key=value DSN, in the URL's `?query` and after `|` (values
 * literal, like every option). A key given as an option wins over the same key in the base.
 */
export const POSTGRES_OPTIONS: OptionSchema = {
  host: {
    type: 'string',
    description: 'Server host name (lib/pq key); wins over the URL host. Default 127.0.0.1.',
    example: 'db.local',
  },
  hostaddr: { type: 'string', description: 'Server IP address (lib/pq key); wins over host.', example: '10.0.0.5' },
  port: {
    type: 'integer',
    min: 1,
    max: 65535,
    description: 'Server port (lib/pq key). Default 5432.',
    example: '5433',
  },
  dbname: { type: 'string', description: 'Database name (lib/pq key). Default: the user name.', example: 'ticks' },
  user: { type: 'string', description: 'User name (lib/pq key). Default postgres.', example: 'bot' },
  password: { type: 'string', secret: true, description: 'Password (lib/pq key).', example: 'pw' },
  sslmode: {
    type: 'enum',
    values: SSLMODES,
    description:
      'TLS (lib/pq key): disable (the default; allow and prefer read as disable), require (TLS without certificate checks), verify-ca / verify-full (verified).',
  },
  connect_timeout: {
    type: 'integer',
    min: 0,
    description: 'Whole seconds to wait for a connection (lib/pq key); 0 = no limit of its own.',
    example: '5',
  },
  application_name: {
    type: 'string',
    description: 'application_name the server shows for the session (lib/pq key).',
    example: 'bot',
  },
};
/** The lib/pq keys, in schema order. */
export const POSTGRES_KEYS: readonly string[] = Object.keys(POSTGRES_OPTIONS);

/** The database name of a URL path (`/db` → `db`), percent-decoded. */
function decodePath(path: string, fail: (m: string) => never): string {
  try {
    return decodeURIComponent(path.replace(/^\//, ''));
  } catch {
    return fail('bad percent-escape in the database name');
  }
}

/** True when the text after `postgres://` is a lib/pq `key=value key=value` DSN. */
function isKeyValue(rest: string): boolean {
  return /^\s*[A-Za-z_]+\s*=/.test(rest);
}

/** Parses lib/pq `key=value` pairs: values may be `'single quoted'` with `\'` and `\\` escapes. */
export function parseKeyValue(text: string, fail: (m: string) => never): Map<string, string> {
  const out = new Map<string, string>();
  const re = /\s*([A-Za-z_]+)\s*=\s*(?:'((?:[^'\\]|\\.)*)'|([^\s']*))/y;
  let at = 0;
  while (at < text.length && text.slice(at).trim() !== '') {
    re.lastIndex = at;
    const m = re.exec(text);
    if (m === null) fail('malformed key=value DSN; expected key=value pairs separated by spaces');
    const value = m![2] !== undefined ? m![2].replace(/\\(.)/g, '$1') : m![3]!;
    out.set(m![1]!, value);
    at = re.lastIndex;
  }
  return out;
}

/**
 * Parses `postgres://user:pass@host:5432/db?sslmode=disable` (also `postgresql://`) and the
 * lib/pq DSN `postgres://user=u dbname=db sslmode=disable password=pw host=h port=5432`. `url`
 * is the base without its `?query`, whose keys the core has read into `options`. No I/O.
 */
export function parsePostgresAddress(
  scheme: string,
  base: string,
  url: string,
  options: ResolvedOptions,
): PostgresTarget & { redacted: string; secrets: string[] } {
  const redacted = redactAddress(base);
  const fail = (message: string): never => {
    throw invalidAddress(scheme, base, message);
  };
  const rest = url.slice(scheme.length + 3);
  const given = nativeValues(options, POSTGRES_OPTIONS);
  let keys: Map<string, string>;
  if (isKeyValue(rest)) {
    keys = parseKeyValue(rest, fail);
    for (const key of keys.keys()) {
      if (!POSTGRES_KEYS.includes(key)) fail(`unknown key ${JSON.stringify(key)}; known: ${POSTGRES_KEYS.join(', ')}`);
    }
    for (const [key, value] of given) keys.set(key, value);
  } else {
    const parsed = parseBrokerUrl(scheme, url, 5432);
    if (parsed.hosts.length > 1) fail('several hosts are not supported; give one host');
    keys = given;
    const host = parsed.hosts[0]!;
    const database = decodePath(parsed.path, fail);
    for (const [key, value] of [
      ['host', host.host],
      ['port', String(host.port)],
      ['user', parsed.username ?? ''],
      ['password', parsed.password ?? ''],
      ['dbname', database],
    ] as const) {
      if (value !== '' && !keys.has(key)) keys.set(key, value);
    }
  }
  const sslmode = keys.get('sslmode') ?? 'disable';
  if (!SSLMODES.includes(sslmode))
    fail(`sslmode must be one of ${SSLMODES.join(', ')}, got ${JSON.stringify(sslmode)}`);
  const port = Number(keys.get('port') ?? 5432);
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`invalid port ${JSON.stringify(keys.get('port'))}`);
  const timeout = keys.get('connect_timeout');
  if (timeout !== undefined && !/^\d+$/.test(timeout))
    fail(`connect_timeout must be whole seconds, got ${JSON.stringify(timeout)}`);
  const password = keys.get('password') ?? '';
  const user = keys.get('user') ?? 'postgres';
  return {
    host: keys.get('hostaddr') ?? keys.get('host') ?? '127.0.0.1',
    port,
    user,
    password,
    database: keys.get('dbname') ?? user,
    ssl: sslmode === 'require' ? 'require' : sslmode.startsWith('verify') ? 'verify' : 'disable',
    connectTimeoutMs: timeout === undefined || timeout === '0' ? undefined : Number(timeout) * 1000,
    applicationName: keys.get('application_name'),
    redacted,
    secrets: [...addressSecrets(base), ...(password === '' ? [] : [password])],
  };
}
