import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { certificateError, loadTls, withSharedContext, type LinkContext } from '@omnidial/core/driver';
import type { NetEndpoint, TlsSpec } from '../endpoint.js';
import { toDialError } from './errors.js';
import { settleOn } from './settle.js';
import { connected, hostPort, openTcp } from './tcp.js';
import type { ReusedReads } from './reused-reads.js';

/**
 * Opens a tls:// endpoint with the core's TLS resolver. Direct, the TLS socket makes its own TCP
 * connection, as `tls.connect()` does for any client: a TLS socket laid over a connected
 * `net.Socket` costs 2–3 % more CPU per MB received. Through a proxy, the handshake runs on the
 * tunnel's socket. A refused certificate is PermissionDenied. With `reads` (direct connections
 * only), the TLS socket reads its cleartext into their buffer.
 */
export async function openTls(endpoint: NetEndpoint, context: LinkContext, reads?: ReusedReads): Promise<TLSSocket> {
  const options = withSharedContext(await loadTls(endpoint.tls as TlsSpec, endpoint.host, context));
  if (endpoint.proxy !== undefined) {
    const tunnel = await openTcp(endpoint, context);
    return handshake(tlsConnect({ ...options, socket: tunnel, host: endpoint.host }), endpoint, context, () =>
      tunnel.destroy(),
    );
  }
  // `onread` is a tls.connect() option since Node 15 (not in @types/node's ConnectionOptions).
  const onread = reads === undefined ? {} : { onread: reads.option };
  const socket = await connected(
    tlsConnect({ ...options, ...onread, host: endpoint.host, port: endpoint.port }),
    endpoint,
    context,
  );
  return handshake(socket, endpoint, context, () => socket.destroy());
}

/** Waits for the TLS handshake of `socket`; on failure, `teardown()` and the mapped DialError. */
async function handshake(
  socket: TLSSocket,
  endpoint: NetEndpoint,
  context: LinkContext,
  teardown: () => void,
): Promise<TLSSocket> {
  try {
    await settleOn(socket, 'secureConnect', context.signal);
  } catch (error) {
    teardown();
    const where = hostPort(endpoint.host, endpoint.port);
    throw certificateError(context, error, where) ?? toDialError(context, error, `TLS handshake with ${where}`);
  }
  return socket;
}
