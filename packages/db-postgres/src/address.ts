import { addressSecrets, invalidAddress, parseBrokerUrl, redactAddress } from '@omnidial/core/driver';

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

/** Keys accepted in the key=value DSN and in the URL query. */
export const POSTGRES_KEYS = [
  'host',
  'hostaddr',
  'port',
  'dbname',
  'user',
  'password',
  'sslmode',
  'connect_timeout',
  'application_name',
] as const;
const SSLMODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

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
 * lib/pq DSN `postgres://user=u dbname=db sslmode=disable password=pw host=h port=5432`. No I/O.
 */
export function parsePostgresAddress(
  scheme: string,
  base: string,
): PostgresTarget & { redacted: string; secrets: string[] } {
  const redacted = redactAddress(base);
  const fail = (message: string): never => {
    throw invalidAddress(scheme, base, message);
  };
  const rest = base.slice(scheme.length + 3);
  let keys: Map<string, string>;
  if (isKeyValue(rest)) {
    keys = parseKeyValue(rest, fail);
  } else {
    const url = parseBrokerUrl(scheme, base, 5432);
    if (url.hosts.length > 1) fail('several hosts are not supported; give one host');
    keys = new Map(url.query);
    const host = url.hosts[0]!;
    const database = decodePath(url.path, fail);
    for (const [key, value] of [
      ['host', host.host],
      ['port', String(host.port)],
      ['user', url.username ?? ''],
      ['password', url.password ?? ''],
      ['dbname', database],
    ] as const) {
      if (value !== '' && !keys.has(key)) keys.set(key, value);
    }
  }
  for (const key of keys.keys()) {
    if (!(POSTGRES_KEYS as readonly string[]).includes(key))
      fail(`unknown key ${JSON.stringify(key)}; known: ${POSTGRES_KEYS.join(', ')}`);
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
