import { invalid } from './fail.js';

/** A host and port read from `host:port` or `[v6]:port`. */
export interface HostPort {
  /** Host name or IP; an IPv6 address without its brackets. */
  readonly host: string;
  readonly port: number;
  /** The host as written in an address (IPv6 in brackets). */
  readonly shown: string;
}

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}))*\.?$/;
const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}$/;

/**
 * Reads `authority` (`host:port`, `[::1]:port`) of a `scheme://` address. The port is
 * required unless `defaultPort` is given. Throws InvalidArgument naming the problem.
 */
export function parseHostPort(authority: string, scheme: string, defaultPort?: number): HostPort {
  if (authority === '') throw invalid(scheme, `missing host and port; expected ${scheme}://host:port`);
  let host: string;
  let portText: string | undefined;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close < 0) throw invalid(scheme, `unclosed "[" in the host "${authority}"; write IPv6 as [::1]:port`);
    host = authority.slice(1, close);
    const rest = authority.slice(close + 1);
    if (rest !== '' && !rest.startsWith(':'))
      throw invalid(scheme, `unexpected "${rest}" after the IPv6 host; expected [${host}]:port`);
    portText = rest === '' ? undefined : rest.slice(1);
    if (!isIPv6(host)) throw invalid(scheme, `bad IPv6 host "[${host}]"`);
  } else {
    const colon = authority.lastIndexOf(':');
    if (colon >= 0 && authority.indexOf(':') !== colon) {
      throw invalid(scheme, `bad host "${authority}": write an IPv6 address in brackets, e.g. ${scheme}://[::1]:9000`);
    }
    host = colon < 0 ? authority : authority.slice(0, colon);
    portText = colon < 0 ? undefined : authority.slice(colon + 1);
    if (host === '') throw invalid(scheme, `missing host before ":${portText ?? ''}"; expected ${scheme}://host:port`);
    if (IPV4.test(host) ? !validIPv4(host) : !HOSTNAME.test(host)) {
      throw invalid(scheme, `bad host "${host}": expected a host name, an IPv4 address or [IPv6]`);
    }
  }
  const shown = host.includes(':') ? `[${host}]` : host;
  return { host, shown, port: parsePort(portText, scheme, shown, defaultPort) };
}

function parsePort(text: string | undefined, scheme: string, host: string, defaultPort: number | undefined): number {
  if (text === undefined || text === '') {
    if (defaultPort !== undefined) return defaultPort;
    throw invalid(scheme, `missing port; expected ${scheme}://${host}:port`);
  }
  if (!/^\d{1,5}$/.test(text)) throw invalid(scheme, `bad port "${text}": expected a number from 1 to 65535`);
  const port = Number(text);
  if (port < 1 || port > 65535) throw invalid(scheme, `bad port ${port}: expected a number from 1 to 65535`);
  return port;
}

function validIPv4(host: string): boolean {
  return host.split('.').every((part) => Number(part) <= 255 && (part === '0' || !part.startsWith('0')));
}

function isIPv6(host: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(host) || !host.includes(':')) return false;
  try {
    new URL(`http://[${host}]/`);
    return true;
  } catch {
    return false;
  }
}
