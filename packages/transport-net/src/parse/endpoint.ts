import { resolveProxy, type ParseInput, type ResolvedProxy } from '@omnidial/core/driver';
import type { NetEndpoint, NetTransport, TlsSpec, TuningSpec } from '../endpoint.js';
import { authorityOf } from './authority.js';
import { invalid } from './fail.js';
import { parseHostPort } from './host-port.js';
import { parseUnixPath } from './unix-path.js';

/** Default delay before the first TCP keepalive probe, in ms. */
export const DEFAULT_KEEPALIVE_MS = 30_000;

/** Builds the endpoint of one raw-socket address: validation only, no I/O. */
export function parseNetEndpoint(transport: NetTransport, input: ParseInput): NetEndpoint {
  const { scheme, base, options } = input;
  const proxy = typeof options.proxy === 'string' ? resolveProxy(options.proxy, scheme) : undefined;
  const tls = transport === 'tls' ? tlsSpec(input) : undefined;
  const tuning: TuningSpec = {
    noDelay: options.nodelay !== false,
    keepAliveMs: typeof options.keepalive === 'number' ? options.keepalive : DEFAULT_KEEPALIVE_MS,
  };
  const common = { scheme, binary: options.binary === true, tls, tuning, proxy: proxy?.spec };
  const secrets = [...(proxy?.secrets ?? []), ...inlineKey(tls)];
  if (transport === 'unix') {
    const path = parseUnixPath(base, scheme);
    return { ...common, transport, host: '', port: 0, path, redacted: base, secrets };
  }
  const where = parseHostPort(authorityOf(base, scheme), scheme);
  const shown = `${scheme}://${where.shown}:${where.port}`;
  return { ...common, transport, host: where.host, port: where.port, path: '', redacted: withProxy(shown, proxy), secrets };
}

function tlsSpec({ scheme, options }: ParseInput): TlsSpec {
  const text = (key: string): string | undefined => {
    const value = options[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.trim() === '') throw invalid(scheme, `option "${key}" must be a file path or inline PEM`);
    return value;
  };
  const spec: TlsSpec = {
    ca: text('ca'), cert: text('cert'), key: text('key'), servername: text('servername'), insecure: options.insecure === true,
  };
  if ((spec.cert === undefined) !== (spec.key === undefined)) {
    throw invalid(scheme, `a client certificate needs both "cert" and "key"; only "${spec.cert === undefined ? 'key' : 'cert'}" was given`);
  }
  return spec;
}

function inlineKey(tls: TlsSpec | undefined): string[] {
  return tls?.key !== undefined && tls.key.trimStart().startsWith('-----BEGIN') ? [tls.key] : [];
}

function withProxy(shown: string, proxy: ResolvedProxy | undefined): string {
  return proxy === undefined ? shown : `${shown}|proxy=${proxy.redacted}`;
}
