import type { Agent } from 'node:http';
import type { ClientOptions } from 'ws';

/**
 * An HTTP agent that tunnels the connection through a SOCKS5 proxy (`socks-proxy-agent`).
 * TLS for `wss://` is negotiated end-to-end through the tunnel with the same TLS options
 * (verification, `ca`, `servername`) as a direct connection.
 */
export async function proxyAgent(proxy: string, options: ClientOptions): Promise<Agent> {
  const { SocksProxyAgent } = await import('socks-proxy-agent');
  return new SocksProxyAgent(proxy, {
    ca: options.ca,
    cert: options.cert,
    key: options.key,
    servername: (options as { servername?: string }).servername,
    rejectUnauthorized: options.rejectUnauthorized,
  } as ConstructorParameters<typeof SocksProxyAgent>[1]);
}
