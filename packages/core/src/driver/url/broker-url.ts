import { DialError } from '../../errors.js';
import { redactAddress } from '../../address/index.js';
import type { OptionSpec, ResolvedOptions } from '../options.js';

/** One `host:port` of a broker address. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** A broker URL split into its parts, percent-escapes decoded. Pure: no I/O. */
export interface BrokerUrl {
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly hosts: readonly HostPort[];
  /** Everything after the host list and before `?`, e.g. `/` or `` (empty). */
  readonly path: string;
  /** Query parameters (`?a=b&c=d`) in order; `+` stays `+` (MQTT/NATS wildcards). */
  readonly query: ReadonlyMap<string, string>;
}

/** Builds the `InvalidArgument` error of a parse failure (address shown redacted). */
export function invalidAddress(scheme: string, base: string, message: string): DialError {
  return new DialError({
    code: 'InvalidArgument', op: 'parse', scheme, address: redactAddress(base),
    message: `${scheme}: ${message} (${redactAddress(base)})`,
  });
}

function decode(scheme: string, base: string, text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalidAddress(scheme, base, `bad percent-escape in "${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`);
  }
}

function hostPort(scheme: string, base: string, text: string, defaultPort: number): HostPort {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]/]+)(?::([0-9]*))?$/.exec(text);
  if (match === null) throw invalidAddress(scheme, base, `bad host "${text}"; expected host[:port]`);
  const port = match[2] === undefined || match[2] === '' ? defaultPort : Number(match[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw invalidAddress(scheme, base, `bad port in "${text}"`);
  return { host: match[1]!.replace(/^\[(.*)\]$/, '$1'), port };
}

/**
 * Splits `scheme://[user[:pass]@]host[:port][,host2[:port]][/path][?query]`. The userinfo ends
 * at the last `@` before `?`, so a password may contain `@` and `:`; `?` and `,` in a password
 * must be percent-encoded.
 */
export function parseBrokerUrl(scheme: string, base: string, defaultPort: number): BrokerUrl {
  const prefix = `${scheme}://`;
  if (base.slice(0, prefix.length).toLowerCase() !== prefix) throw invalidAddress(scheme, base, `address must start with ${prefix}`);
  const rest = base.slice(prefix.length);
  const q = rest.indexOf('?');
  const head = q < 0 ? rest : rest.slice(0, q);
  const at = head.lastIndexOf('@');
  const userinfo = at < 0 ? undefined : head.slice(0, at);
  const authority = head.slice(at + 1);
  const slash = authority.indexOf('/');
  const hostList = slash < 0 ? authority : authority.slice(0, slash);
  if (hostList === '') throw invalidAddress(scheme, base, 'missing host');
  const hosts = hostList.split(',').map((h) => hostPort(scheme, base, h.trim(), defaultPort));
  let username: string | undefined;
  let password: string | undefined;
  if (userinfo !== undefined) {
    const colon = userinfo.indexOf(':');
    username = decode(scheme, base, colon < 0 ? userinfo : userinfo.slice(0, colon));
    password = colon < 0 ? undefined : decode(scheme, base, userinfo.slice(colon + 1));
  }
  const query = new Map<string, string>();
  for (const part of q < 0 ? [] : rest.slice(q + 1).split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decode(scheme, base, eq < 0 ? part : part.slice(0, eq));
    if (query.has(key)) throw invalidAddress(scheme, base, `query parameter "${key}" is given twice`);
    query.set(key, decode(scheme, base, eq < 0 ? '' : part.slice(eq + 1)));
  }
  return { username: username === '' ? undefined : username, password, hosts, path: slash < 0 ? '' : authority.slice(slash), query };
}

function coerce(scheme: string, base: string, key: string, spec: OptionSpec, text: string): boolean | number | string {
  if (spec.type === 'boolean') {
    if (/^(true|1|yes|on)$/i.test(text)) return true;
    if (/^(false|0|no|off)$/i.test(text)) return false;
    throw invalidAddress(scheme, base, `query parameter "${key}" expects true or false, got "${text}"`);
  }
  if (spec.type === 'integer') {
    const n = Number(text);
    const ok = /^[+-]?[0-9]+$/.test(text) && (spec.min === undefined || n >= spec.min) && (spec.max === undefined || n <= spec.max);
    if (!ok) throw invalidAddress(scheme, base, `query parameter "${key}" expects an integer from ${spec.min ?? '-∞'} to ${spec.max ?? '∞'}, got "${text}"`);
    return n;
  }
  if (spec.type === 'enum') {
    const value = (spec.values ?? []).find((v) => v.toLowerCase() === text.toLowerCase()) ?? spec.aliases?.[text.toLowerCase()];
    if (value === undefined) throw invalidAddress(scheme, base, `query parameter "${key}" expects one of ${(spec.values ?? []).join(', ')}, got "${text}"`);
    return value;
  }
  return text;
}

/**
 * Merges the URL query with the `|` options for the keys of `schema` that may be written in
 * either place. Unknown query keys are an error naming the nearest known key; a key given in
 * both places with different values is an error too (no silent precedence).
 */
export function mergeQuery(
  scheme: string, base: string, query: ReadonlyMap<string, string>, schema: Readonly<Record<string, OptionSpec>>, options: ResolvedOptions,
): Record<string, boolean | number | string | undefined> {
  const keys = Object.keys(schema);
  const out: Record<string, boolean | number | string | undefined> = {};
  for (const [key, text] of query) {
    const known = keys.find((k) => k.toLowerCase() === key.toLowerCase());
    if (known === undefined) {
      const near = nearestKey(key, keys);
      throw invalidAddress(scheme, base, `unknown query parameter "${key}"${near === undefined ? '' : ` (did you mean "${near}"?)`}; known: ${keys.join(', ')}`);
    }
    out[known] = coerce(scheme, base, known, schema[known]!, text);
  }
  for (const key of keys) {
    const option = options[key];
    if (option === undefined || Array.isArray(option)) continue;
    if (out[key] !== undefined && out[key] !== option) {
      throw invalidAddress(scheme, base, `"${key}" is given both in the URL (${String(out[key])}) and as an option (${String(option)})`);
    }
    out[key] = option as boolean | number | string;
  }
  return out;
}

/** The known key closest to `key` (edit distance ≤ 2), for "did you mean" hints. */
function nearestKey(key: string, keys: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of keys) {
    const d = distance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    prev = row;
  }
  return prev[b.length]!;
}
