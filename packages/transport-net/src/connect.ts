import type { Connector, Link, LinkContext } from '@omnidial/core/driver';
import type { NetEndpoint } from './endpoint.js';
import { streamLink } from './connect/stream-link.js';
import { hostPort, openTcp } from './connect/tcp.js';
import { openTls } from './connect/tls.js';
import { openUdp } from './connect/udp.js';
import { openUnix, showPath } from './connect/unix.js';

async function connect(endpoint: NetEndpoint, context: LinkContext): Promise<Link> {
  switch (endpoint.transport) {
    case 'tcp':
      return streamLink(await openTcp(endpoint, context), context, hostPort(endpoint.host, endpoint.port));
    case 'tls':
      return streamLink(await openTls(endpoint, context), context, hostPort(endpoint.host, endpoint.port));
    case 'unix':
      return streamLink(await openUnix(endpoint, context), context, showPath(endpoint.path));
    case 'udp':
      return openUdp(endpoint, context);
  }
}

/** Opens one raw-socket link per call (tcp, tls, unix, udp); never retries. Loaded lazily. */
export const connector: Connector<NetEndpoint> = { connect };
