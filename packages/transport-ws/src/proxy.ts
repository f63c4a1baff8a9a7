import type { Agent } from 'node:http';
import { DialError, type ProxySpec } from '@omnidial/core/driver';
import type { ClientOptions } from 'ws';

/**
 * The proxy as a URL object, set field by field from the resolved spec: never built by joining
 * text, so no character of a user name or password can move the authority. The result is
 * checked against the spec before use.
 */
export function proxyUrl(spec: ProxySpec, scheme: string): URL {
  const url = new URL(spec.remoteDns ? 'socks5h://proxy.invalid' : 'socks5://proxy.invalid');
  url.hostname = spec.host.includes(':') ? `[${spec.host}]` : spec.host;
  url.port = String(spec.port);
  if (spec.userId !== undefined) url.username = encodeURIComponent(spec.userId);
  if (spec.password !== undefined) url.password = encodeURIComponent(spec.password);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const same =
    host.toLowerCase() === spec.host.toLowerCase() &&
    Number(url.port || 1080) === spec.port &&
    decodeURIComponent(url.username) === (spec.userId ?? '') &&
    decodeURIComponent(url.password) === (spec.password ?? '');
  if (!same)
    throw new DialError({
      code: 'InvalidArgument',
      op: 'parse',
      scheme,
      message: `${scheme}: the proxy address cannot be represented unambiguously`,
    });
  return url;
}

/**
 * An HTTP agent that tunnels the connection through a SOCKS5 proxy (`socks-proxy-agent`).
 * TLS for `wss://` is negotiated end-to-end through the tunnel with the same TLS options
 * (verification, `ca`, `servername`) as a direct connection.
 */
export async function proxyAgent(spec: ProxySpec, scheme: string, options: ClientOptions): Promise<Agent> {
  const { SocksProxyAgent } = await import('socks-proxy-agent');
  return new SocksProxyAgent(proxyUrl(spec, scheme), {
    ca: options.ca,
    cert: options.cert,
    key: options.key,
    servername: (options as { servername?: string }).servername,
    rejectUnauthorized: options.rejectUnauthorized,
  } as ConstructorParameters<typeof SocksProxyAgent>[1]);
}
