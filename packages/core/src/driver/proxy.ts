import { DialError } from '../errors.js';

// Through process.getBuiltinModule(), not an ES import: the import's facade reads every export of
// node:net at every start, and BlockList and SocketAddress load more modules that way (ADR 0311).
const { isIP } = process.getBuiltinModule('node:net');

/** The default SOCKS port when `proxy=socks5://host` has none (RFC 1928 convention). */
export const DEFAULT_SOCKS_PORT = 1080;

/** A SOCKS5 proxy, resolved from a `proxy=` value: where to connect and how to authenticate. */
export interface ProxySpec {
  /** Host name or IP; an IPv6 address without its brackets. */
  readonly host: string;
  readonly port: number;
  readonly userId: string | undefined;
  readonly password: string | undefined;
  /** `socks5h://`: the proxy resolves the target's name; `socks5://` resolves it locally first. */
  readonly remoteDns: boolean;
}

/** A resolved `proxy=` value and how it may be shown. */
export interface ResolvedProxy {
  readonly spec: ProxySpec;
  /** The proxy URL with the password replaced by `***`. */
  readonly redacted: string;
  /** The password as written and as decoded, for scrubbing error texts. */
  readonly secrets: readonly string[];
}

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}))*\.?$/;
const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}$/;

function invalid(scheme: string, message: string): DialError {
  return new DialError({ code: 'InvalidArgument', op: 'parse', scheme, message: `${scheme}: ${message}` });
}

/**
 * Resolves a `proxy=` value, `socks5://[user[:pass]@]host[:port]` (or `socks5h://`), for every
 * driver that tunnels through SOCKS5.
 *
 * The value is taken literally (the core does not percent-decode it). The userinfo ends at the
 * LAST `@`, so a password may hold `@` and `:` raw; `/`, `?` and `#` must be percent-encoded,
 * because a URL parser ends the authority there and would read another host: such a value is
 * ambiguous and refused. What follows the `@` must be exactly `host[:port]` (no path, query or
 * second `:`). Only the user name and password are percent-decoded, once; the host never is,
 * so no escape can move the authority. Messages never show the password.
 * @throws DialError `InvalidArgument`.
 */
export function resolveProxy(value: string, scheme: string): ResolvedProxy {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/s.exec(value);
  const proxyScheme = match?.[1]?.toLowerCase();
  if (match === null || (proxyScheme !== 'socks5' && proxyScheme !== 'socks5h')) {
    const given = match === null ? 'a value without a scheme' : `${proxyScheme}://`;
    throw invalid(scheme, `proxy must be socks5://[user:pass@]host:port (or socks5h://), got ${given}`);
  }
  const rest = match[2]!;
  const end = rest.search(/[/?#]/);
  if (end >= 0 && rest.includes('@', end)) {
    // A URL parser would end the authority at this character and read another host.
    throw invalid(
      scheme,
      'the proxy URL is ambiguous: its user name or password holds a raw "/", "?" or "#"; percent-encode them (%2F, %3F, %23)',
    );
  }
  const at = rest.lastIndexOf('@');
  const where = proxyHost(rest.slice(at + 1), scheme);
  const userinfo = at < 0 ? undefined : rest.slice(0, at);
  const creds = userinfo === undefined ? undefined : credentials(userinfo, scheme);
  const shownUser =
    creds === undefined ? '' : `${encodeURIComponent(creds.userId)}${creds.password === undefined ? '' : ':***'}@`;
  const shownHost = where.host.includes(':') ? `[${where.host}]` : where.host;
  return {
    spec: { ...where, userId: creds?.userId, password: creds?.password, remoteDns: proxyScheme === 'socks5h' },
    redacted: `${proxyScheme}://${shownUser}${shownHost}:${where.port}`,
    secrets: creds?.secrets ?? [],
  };
}

/** Reads the strict `host[:port]` after the userinfo. */
function proxyHost(authority: string, scheme: string): { host: string; port: number } {
  const expected = 'expected socks5://[user:pass@]host:port with nothing after the port';
  let host: string;
  let portText: string | undefined;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    host = close < 0 ? '' : authority.slice(1, close);
    const after = close < 0 ? '' : authority.slice(close + 1);
    if (close < 0 || isIP(host) !== 6 || !(after === '' || after.startsWith(':'))) {
      throw invalid(scheme, `the proxy host is not a valid [IPv6]:port; ${expected}`);
    }
    portText = after === '' ? undefined : after.slice(1);
  } else {
    const colon = authority.indexOf(':');
    host = colon < 0 ? authority : authority.slice(0, colon);
    portText = colon < 0 ? undefined : authority.slice(colon + 1);
    if (IPV4.test(host) ? isIP(host) !== 4 : !HOSTNAME.test(host)) {
      throw invalid(scheme, `the proxy host is not a host name or IP address; ${expected}`);
    }
  }
  if (portText === undefined) return { host, port: DEFAULT_SOCKS_PORT };
  if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
    const shown = /^\d{1,10}$/.test(portText) ? ` ${portText}` : '';
    throw invalid(scheme, `bad port${shown} of the proxy: expected a number from 1 to 65535; ${expected}`);
  }
  return { host, port: Number(portText) };
}

/** Splits `user[:pass]` at the first `:` and decodes each part once. */
function credentials(
  userinfo: string,
  scheme: string,
): { userId: string; password: string | undefined; secrets: string[] } {
  const colon = userinfo.indexOf(':');
  const userId = decode(colon < 0 ? userinfo : userinfo.slice(0, colon));
  const rawPass = colon < 0 ? undefined : userinfo.slice(colon + 1);
  const password = rawPass === undefined || rawPass === '' ? undefined : decode(rawPass);
  if (userId === '') throw invalid(scheme, 'the proxy credentials have an empty user name');
  if (Buffer.byteLength(userId) > 255 || Buffer.byteLength(password ?? '') > 255) {
    throw invalid(scheme, 'the proxy user name and password must be at most 255 bytes each (SOCKS5)');
  }
  const secrets = rawPass === undefined || password === undefined ? [] : [rawPass, password];
  return { userId, password, secrets };
}

/** Decodes the valid `%XX` escapes of a user name or password; anything else stays literal. */
function decode(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}
