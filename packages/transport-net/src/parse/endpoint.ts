import { resolveProxy, tlsSecrets, tlsSettings, type ParseInput, type ResolvedProxy } from '@omnidial/core/driver';
import type { NetEndpoint, NetTransport, TuningSpec } from '../endpoint.js';
import { authorityOf } from './authority.js';
import { parseHostPort } from './host-port.js';
import { parseUnixPath } from './unix-path.js';

/** Default delay before the first TCP keepalive probe, in ms. */
export const DEFAULT_KEEPALIVE_MS = 30_000;

/** Builds the endpoint of one raw-socket address: validation only, no I/O. */
export function parseNetEndpoint(transport: NetTransport, input: ParseInput): NetEndpoint {
  const { scheme, base, options } = input;
  const proxy = typeof options.proxy === 'string' ? resolveProxy(options.proxy, scheme) : undefined;
  const tls = transport === 'tls' ? tlsSettings(options, scheme) : undefined;
  const tuning: TuningSpec = {
    noDelay: options.nodelay !== false,
    keepAliveMs: typeof options.keepalive === 'number' ? options.keepalive : DEFAULT_KEEPALIVE_MS,
  };
  const common = { scheme, binary: options.binary === true, tls, tuning, proxy: proxy?.spec };
  const secrets = [...(proxy?.secrets ?? []), ...(tls === undefined ? [] : tlsSecrets(tls))];
  if (transport === 'unix') {
    const path = parseUnixPath(base, scheme);
    return { ...common, transport, host: '', port: 0, path, redacted: base, secrets };
  }
  const where = parseHostPort(authorityOf(base, scheme), scheme);
  const shown = `${scheme}://${where.shown}:${where.port}`;
  return {
    ...common,
    transport,
    host: where.host,
    port: where.port,
    path: '',
    redacted: withProxy(shown, proxy),
    secrets,
  };
}

function withProxy(shown: string, proxy: ResolvedProxy | undefined): string {
  return proxy === undefined ? shown : `${shown}|proxy=${proxy.redacted}`;
}
