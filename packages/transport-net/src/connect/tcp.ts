import { connect as netConnect, type Socket } from 'node:net';
import type { LinkContext } from '@omnidial/core/driver';
import type { NetEndpoint } from '../endpoint.js';
import { toDialError } from './errors.js';
import { settleOn } from './settle.js';
import { socksHandshake } from './socks.js';
import type { ReusedReads } from './reused-reads.js';

/** `host:port` as shown in messages (IPv6 in brackets). */
export function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * Opens the TCP connection of a tcp:// or tls:// endpoint: directly, or through its SOCKS5
 * proxy. Applies TCP_NODELAY and keepalive. Rejects with a mapped DialError; aborting
 * `context.signal` destroys the socket. With `reads` (direct connections only), the socket reads
 * into their buffer.
 */
export async function openTcp(endpoint: NetEndpoint, context: LinkContext, reads?: ReusedReads): Promise<Socket> {
  const { proxy } = endpoint;
  const first = proxy ?? endpoint;
  const socket = await connected(
    netConnect({ host: first.host, port: first.port, onread: reads?.option }),
    endpoint,
    context,
  );
  if (proxy === undefined) return socket;
  const target = hostPort(endpoint.host, endpoint.port);
  try {
    return await socksHandshake(socket, proxy, endpoint.host, endpoint.port, context.signal, context.timeoutMs);
  } catch (error) {
    throw toDialError(context, error, `the proxy ${hostPort(proxy.host, proxy.port)} could not connect to ${target}`);
  }
}

/**
 * Waits until `socket` (connecting to the endpoint, or to its proxy) is connected, then applies
 * TCP_NODELAY and keepalive. A failure is the connect's DialError; an abort destroys the socket.
 */
export async function connected<S extends Socket>(socket: S, endpoint: NetEndpoint, context: LinkContext): Promise<S> {
  const { proxy, tuning } = endpoint;
  const doing =
    proxy === undefined
      ? `connect to ${hostPort(endpoint.host, endpoint.port)}`
      : `connect to the proxy ${hostPort(proxy.host, proxy.port)}`;
  try {
    await settleOn(socket, 'connect', context.signal);
  } catch (error) {
    throw toDialError(context, error, doing);
  }
  socket.setNoDelay(tuning.noDelay);
  socket.setKeepAlive(tuning.keepAliveMs > 0, tuning.keepAliveMs);
  return socket;
}
