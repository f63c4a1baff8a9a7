import { lookup } from 'node:dns/promises';
import type { Socket } from 'node:net';
import { SocksClient } from 'socks';
import type { ProxySpec } from '@omnidial/core/driver';

/**
 * Runs the SOCKS5 CONNECT handshake for `host:port` on `socket`, an open TCP connection to
 * the proxy, and resolves to the same socket, now a tunnel to the target. For `socks5://` the
 * target name is resolved here first; `socks5h://` lets the proxy resolve it. Aborting
 * `signal` destroys the socket and rejects with the signal's reason.
 */
export async function socksHandshake(
  socket: Socket,
  proxy: ProxySpec,
  host: string,
  port: number,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<Socket> {
  const onAbort = (): void => void socket.destroy();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const target = proxy.remoteDns ? host : (await lookup(host)).address;
    signal.throwIfAborted();
    const { socket: tunnel } = await SocksClient.createConnection({
      proxy: { host: proxy.host, port: proxy.port, type: 5, userId: proxy.userId, password: proxy.password },
      destination: { host: target, port },
      command: 'connect',
      timeout: Math.max(1, timeoutMs),
      existing_socket: socket,
    });
    signal.throwIfAborted();
    return tunnel;
  } catch (error) {
    socket.destroy();
    signal.throwIfAborted();
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
