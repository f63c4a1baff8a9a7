import { DialError } from '../../errors.js';
import { addressSecrets, redactAddress, redactText } from '../../address/index.js';

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
    code: 'InvalidArgument',
    op: 'parse',
    scheme,
    address: redactAddress(base),
    message: `${scheme}: ${message} (${redactAddress(base)})`,
  });
}

function decode(scheme: string, base: string, text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // A password (or query credential) is masked whole, before any cut could leave part of it.
    const shown = redactText(text, addressSecrets(base));
    throw invalidAddress(
      scheme,
      base,
      `bad percent-escape in "${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}"`,
    );
  }
}

function hostPort(scheme: string, base: string, text: string, defaultPort: number): HostPort {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]/]+)(?::([0-9]*))?$/.exec(text);
  if (match === null) throw invalidAddress(scheme, base, `bad host ${quotedHost(base, text)}; expected host[:port]`);
  const port = match[2] === undefined || match[2] === '' ? defaultPort : Number(match[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw invalidAddress(scheme, base, `bad port in ${quotedHost(base, text)}`);
  return { host: match[1]!.replace(/^\[(.*)\]$/, '$1'), port };
}

/**
 * The host text as an error may show it: quoted, unless the address holds an `@` the split did
 * not reach (a raw `?`, `,` or `/` in a password cut it short), where the text may be a piece of
 * the password (`user:pa` of `user:pa?ss@host`): then only how to fix it.
 */
function quotedHost(base: string, text: string): string {
  const at = base.lastIndexOf('@');
  return at >= 0 && !text.includes('@') && base.indexOf(text) < at
    ? '(the part before "@" may be a user and password: percent-encode "?", "," and "/" in a password)'
    : `"${redactText(text, addressSecrets(base))}"`;
}

/**
 * Where the userinfo of `head` (the address after `//`, up to `?`) ends: at the last `@` before
 * the first `/`, so a password may contain `@` and `:` and an `@` of the path stays in the path.
 * With no `@` before the first `/`, a later `@` still ends a userinfo whose password holds a raw
 * `/`, when what comes before reads as `user:password` as redaction reads it
 * (src/address/redact-spans.ts): a `:` before the first `/`, not followed by `port/`. -1: none.
 */
function userinfoEnd(head: string): number {
  const slash = head.indexOf('/');
  if (slash < 0) return head.lastIndexOf('@');
  const at = head.lastIndexOf('@', slash);
  if (at >= 0) return at;
  const colon = head.indexOf(':');
  return colon >= 0 && colon < slash && !/^[0-9]{1,5}\//.test(head.slice(colon + 1)) ? head.lastIndexOf('@') : -1;
}

/**
 * Splits `scheme://[user[:pass]@]host[:port][,host2[:port]][/path][?query]`. The userinfo ends
 * at the last `@` before the path, so a password may contain `@` and `:`;
 * `?` and `,` in a password must be percent-encoded.
 */
export function parseBrokerUrl(scheme: string, base: string, defaultPort: number): BrokerUrl {
  const prefix = `${scheme}://`;
  if (base.slice(0, prefix.length).toLowerCase() !== prefix)
    throw invalidAddress(scheme, base, `address must start with ${prefix}`);
  const rest = base.slice(prefix.length);
  const q = rest.indexOf('?');
  const head = q < 0 ? rest : rest.slice(0, q);
  const at = userinfoEnd(head);
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
  return {
    username: username === '' ? undefined : username,
    password,
    hosts,
    path: slash < 0 ? '' : authority.slice(slash),
    query,
  };
}
