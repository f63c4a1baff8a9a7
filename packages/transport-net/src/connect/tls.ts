import { isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { LinkContext } from '@omnidial/core/driver';
import type { NetEndpoint, TlsSpec } from '../endpoint.js';
import { codeOf, toDialError } from './errors.js';
import { settleOn } from './settle.js';
import { hostPort, openTcp } from './tcp.js';
import { loadTlsMaterial } from './tls-material.js';

const TRUST_HINT = '; pass ca=<file> to trust its authority, or insecure=true to skip verification (testing only)';

/**
 * Opens a tls:// endpoint: TCP (direct or through the proxy), then the TLS handshake on that
 * socket. Verification is on unless `insecure=true`; SNI is the `servername` option or the
 * host when it is a name. Identity failures reject as PermissionDenied.
 */
export async function openTls(endpoint: NetEndpoint, context: LinkContext): Promise<TLSSocket> {
  const spec = endpoint.tls as TlsSpec;
  const material = await loadTlsMaterial(spec, context);
  const tcp: Socket = await openTcp(endpoint, context);
  const servername = spec.servername ?? (isIP(endpoint.host) === 0 ? endpoint.host : undefined);
  const socket = tlsConnect({
    socket: tcp,
    host: endpoint.host,
    servername,
    ca: material.ca,
    cert: material.cert,
    key: material.key,
    rejectUnauthorized: !spec.insecure,
  });
  try {
    await settleOn(socket, 'secureConnect', context.signal);
  } catch (error) {
    tcp.destroy();
    const hint = codeOf(error) === 'PermissionDenied' && !spec.insecure ? TRUST_HINT : '';
    throw toDialError(context, error, `TLS handshake with ${hostPort(endpoint.host, endpoint.port)}`, hint);
  }
  return socket;
}
