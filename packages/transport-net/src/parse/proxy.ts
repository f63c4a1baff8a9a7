import type { ProxySpec } from '../endpoint.js';
import { invalid } from './fail.js';
import { parseHostPort } from './host-port.js';

/** The default SOCKS port when `proxy=socks5://host` has none. */
export const DEFAULT_SOCKS_PORT = 1080;

/** A parsed `proxy=` value and how it may be shown. */
export interface ParsedProxy {
  readonly spec: ProxySpec;
  /** The proxy URL with the password replaced by `***`. */
  readonly redacted: string;
  /** The password as written and percent-decoded, for scrubbing error texts. */
  readonly secrets: readonly string[];
}

/**
 * Reads `socks5://[user[:pass]@]host[:port]` (or `socks5h://`, where the proxy resolves the
 * target name). Anything else is InvalidArgument; the message never shows the password.
 */
export function parseProxy(value: string, scheme: string): ParsedProxy {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/.exec(value);
  const proxyScheme = match?.[1]?.toLowerCase();
  if (match === null || (proxyScheme !== 'socks5' && proxyScheme !== 'socks5h')) {
    const given = match === null ? 'a value without a scheme' : `${proxyScheme}://`;
    throw invalid(scheme, `proxy must be socks5://[user:pass@]host:port (or socks5h://), got ${given}`);
  }
  let rest = match[2]!;
  if (rest.endsWith('/')) rest = rest.slice(0, -1);
  const at = rest.lastIndexOf('@');
  const userinfo = at < 0 ? undefined : rest.slice(0, at);
  const where = parseHostPort(rest.slice(at + 1), `${scheme} proxy`, DEFAULT_SOCKS_PORT);
  let userId: string | undefined;
  let password: string | undefined;
  const secrets: string[] = [];
  if (userinfo !== undefined) {
    const colon = userinfo.indexOf(':');
    const rawUser = colon < 0 ? userinfo : userinfo.slice(0, colon);
    const rawPass = colon < 0 ? undefined : userinfo.slice(colon + 1);
    userId = decode(rawUser);
    if (rawPass !== undefined && rawPass !== '') {
      password = decode(rawPass);
      secrets.push(rawPass, password);
    }
    if (userId === '') throw invalid(scheme, 'proxy credentials have an empty user name');
    if (Buffer.byteLength(userId) > 255 || Buffer.byteLength(password ?? '') > 255) {
      throw invalid(scheme, 'proxy user name and password must be at most 255 bytes each (SOCKS5)');
    }
  }
  const shownUser = userinfo === undefined ? '' : `${userinfo.split(':')[0]}${password === undefined ? '' : ':***'}@`;
  return {
    spec: { host: where.host, port: where.port, userId, password, remoteDns: proxyScheme === 'socks5h' },
    redacted: `${proxyScheme}://${shownUser}${where.shown}:${where.port}`,
    secrets,
  };
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
