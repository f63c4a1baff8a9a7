import { lookup } from 'node:dns/promises';
import { createSocket, type Socket } from 'node:dgram';
import { toMessage, type MessageLink, type LinkContext, type UdpMetadata } from '@omnidial/core/driver';
import type { NetEndpoint } from '../endpoint.js';
import { errorCode, toDialError } from './errors.js';
import { settleOn } from './settle.js';
import { hostPort } from './tcp.js';

/**
 * Opens a udp:// endpoint: a UDP socket `connect()`ed to the resolved peer, so it only
 * receives that peer's datagrams. Each datagram is one message each way. An ICMP "port
 * unreachable" (ECONNREFUSED) is reported as a lost link: nobody listens at the peer.
 */
export async function openUdp(endpoint: NetEndpoint, context: LinkContext): Promise<MessageLink> {
  const peer = hostPort(endpoint.host, endpoint.port);
  let socket: Socket;
  try {
    const { address, family } = await lookup(endpoint.host);
    context.signal.throwIfAborted();
    socket = createSocket({ type: family === 6 ? 'udp6' : 'udp4' });
    socket.connect(endpoint.port, address);
    await settleOn(socket, 'connect', context.signal, () => closeQuietly(socket));
  } catch (error) {
    throw toDialError(context, error, `connect UDP socket to ${peer}`);
  }
  return udpLink(socket, context, peer);
}

function udpLink(socket: Socket, context: LinkContext, peer: string): MessageLink {
  const binary = context.options.binary === true;
  let closed = false;
  // The socket is connected: the kernel hands it only the peer's datagrams, so one frozen
  // metadata object serves them all instead of one allocated per datagram.
  const { address, port } = socket.remoteAddress();
  const meta: UdpMetadata = Object.freeze({ transport: 'udp', remoteAddress: address, remotePort: port });
  socket.on('message', (datagram: Buffer) =>
    context.deliver(toMessage(datagram, binary), datagram.length, undefined, meta),
  );
  socket.on('error', (error) => {
    if (closed) return;
    if (errorCode(error) === 'ECONNREFUSED') {
      context.lost(context.error('Unavailable', `nobody listens at ${peer} (ICMP port unreachable)`, error));
    } else {
      context.lost(toDialError(context, error, `UDP socket to ${peer} failed`));
    }
  });
  socket.on('close', () => {
    if (!closed) context.lost(context.error('Unavailable', `UDP socket to ${peer} closed`));
  });

  return {
    write(data, signal) {
      if (closed) return Promise.reject(context.error('Unavailable', `UDP socket to ${peer} is closed`));
      signal?.throwIfAborted();
      const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
      return new Promise<number>((resolve, reject) => {
        socket.send(data, (error) => {
          if (error === null || error === undefined) return resolve(bytes);
          const code = errorCode(error);
          if (code === 'ECONNREFUSED') {
            const lost = context.error('Unavailable', `nobody listens at ${peer} (ICMP port unreachable)`, error);
            context.lost(lost);
            return reject(lost);
          }
          reject(toDialError(context, error, `send a ${bytes}-byte datagram to ${peer}`));
        });
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      closeQuietly(socket);
    },
  };
}

function closeQuietly(socket: Socket): void {
  try {
    socket.close();
  } catch {
    // already closed
  }
}
