import type { Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { certificateError, loadTls, withSharedContext, type LinkContext } from '@omnidial/core/driver';
import type { NetEndpoint, TlsSpec } from '../endpoint.js';
import { toDialError } from './errors.js';
import { settleOn } from './settle.js';
import { hostPort, openTcp } from './tcp.js';

/**
 * Opens a tls:// endpoint: TCP (direct or through the proxy), then the TLS handshake on that
 * socket with the core's TLS resolver. A refused certificate is PermissionDenied.
 */
export async function openTls(endpoint: NetEndpoint, context: LinkContext): Promise<TLSSocket> {
  const options = withSharedContext(await loadTls(endpoint.tls as TlsSpec, endpoint.host, context));
  const tcp: Socket = await openTcp(endpoint, context);
  const socket = tlsConnect({ ...options, socket: tcp, host: endpoint.host });
  try {
    await settleOn(socket, 'secureConnect', context.signal);
  } catch (error) {
    tcp.destroy();
    const where = hostPort(endpoint.host, endpoint.port);
    throw certificateError(context, error, where) ?? toDialError(context, error, `TLS handshake with ${where}`);
  }
  return socket;
}
