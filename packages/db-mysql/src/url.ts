import { DialError } from '@omnidial/core/driver';

/** The parts of `user:pass@host:port/path?query` (the text after `scheme://`). */
export interface UrlParts {
  user: string;
  password: string;
  /** Host as written (brackets of an IPv6 literal removed). */
  host: string;
  port: number | undefined;
  /** Path without its leading `/`, percent-decoded. */
  path: string;
  query: Map<string, string>;
}

/** A parse-time `InvalidArgument` error; `address` must already be redacted. */
export function invalid(scheme: string, address: string, message: string): DialError {
  return new DialError({ code: 'InvalidArgument', op: 'parse', scheme, address, message: `${scheme}: ${message}` });
}

/** Percent-decodes `text`; `+` stays a plus. */
export function decode(text: string, fail: (message: string) => never): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return fail('malformed percent-encoding in the address');
  }
}

/** Parses `a=1&b=2` (values percent-decoded); a repeated key keeps its last value. */
export function parseQuery(query: string, fail: (message: string) => never): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of query === '' ? [] : query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    out.set(decode(eq >= 0 ? pair.slice(0, eq) : pair, fail), decode(eq >= 0 ? pair.slice(eq + 1) : '', fail));
  }
  return out;
}

/** Splits `[user[:pass]@]host` at the last `@`, so a password may contain `@`. */
export function splitUserinfo(authority: string, fail: (message: string) => never): { user: string; password: string; hostPort: string } {
  const at = authority.lastIndexOf('@');
  if (at < 0) return { user: '', password: '', hostPort: authority };
  const info = authority.slice(0, at);
  const colon = info.indexOf(':');
  const user = decode(colon >= 0 ? info.slice(0, colon) : info, fail);
  const password = colon >= 0 ? decode(info.slice(colon + 1), fail) : '';
  return { user, password, hostPort: authority.slice(at + 1) };
}

/** Splits `host:port` / `[v6]:port`; the port must be 1..65535. */
export function splitHostPort(hostPort: string, fail: (message: string) => never): { host: string; port: number | undefined } {
  const v6 = /^\[([^\]]+)\](?::(.*))?$/.exec(hostPort);
  const colon = hostPort.lastIndexOf(':');
  const host = v6 ? v6[1]! : colon >= 0 ? hostPort.slice(0, colon) : hostPort;
  const portText = v6 ? v6[2] : colon >= 0 ? hostPort.slice(colon + 1) : undefined;
  if (portText === undefined || portText === '') return { host, port: undefined };
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) fail(`invalid port ${JSON.stringify(portText)}`);
  return { host, port };
}

/** Parses the text after `scheme://` as `[user[:pass]@]host[:port][/path][?query]`. */
export function parseUrl(rest: string, fail: (message: string) => never): UrlParts {
  const q = rest.indexOf('?');
  const beforeQuery = q >= 0 ? rest.slice(0, q) : rest;
  const query = parseQuery(q >= 0 ? rest.slice(q + 1) : '', fail);
  const at = beforeQuery.lastIndexOf('@');
  const slash = beforeQuery.indexOf('/', at + 1);
  const authority = slash >= 0 ? beforeQuery.slice(0, slash) : beforeQuery;
  const path = decode(slash >= 0 ? beforeQuery.slice(slash + 1) : '', fail);
  const { user, password, hostPort } = splitUserinfo(authority, fail);
  const { host, port } = splitHostPort(hostPort, fail);
  return { user, password, host, port, path, query };
}
