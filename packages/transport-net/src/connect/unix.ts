import { connect as netConnect, type Socket } from 'node:net';
import type { LinkContext } from '@omnidial/core/driver';
import type { NetEndpoint } from '../endpoint.js';
import { toDialError } from './errors.js';
import { settleOn } from './settle.js';
import type { ReusedReads } from './reused-reads.js';

/** How a socket path is named in messages (`@name` for the abstract namespace). */
export function showPath(path: string): string {
  return path.startsWith('\0') ? `@${path.slice(1)}` : path;
}

/**
 * Opens a unix:// endpoint. A missing socket file is NotFound; a file nobody listens on is
 * Unavailable (ECONNREFUSED); no permission is PermissionDenied. With `reads`, the socket reads
 * into their buffer.
 */
export async function openUnix(endpoint: NetEndpoint, context: LinkContext, reads?: ReusedReads): Promise<Socket> {
  const socket = netConnect({ path: endpoint.path, onread: reads?.option });
  try {
    await settleOn(socket, 'connect', context.signal);
  } catch (error) {
    throw toDialError(context, error, `connect to the socket ${showPath(endpoint.path)}`);
  }
  return socket;
}
