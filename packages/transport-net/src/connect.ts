import type { Connector, Link, LinkContext } from '@omnidial/core/driver';
import type { NetEndpoint } from './endpoint.js';
import { streamLink } from './connect/stream-link.js';
import { hostPort, openTcp } from './connect/tcp.js';
import { openTls } from './connect/tls.js';
import { openUdp } from './connect/udp.js';
import { openUnix, showPath } from './connect/unix.js';
import { reusedReads } from './connect/reused-reads.js';

async function connect(endpoint: NetEndpoint, context: LinkContext): Promise<Link> {
  if (endpoint.transport === 'udp') return openUdp(endpoint, context);
  const reads = reusedReads(endpoint);
  switch (endpoint.transport) {
    case 'tcp':
      return streamLink(
        await openTcp(endpoint, context, reads),
        context,
        hostPort(endpoint.host, endpoint.port),
        reads,
      );
    case 'tls':
      return streamLink(
        await openTls(endpoint, context, reads),
        context,
        hostPort(endpoint.host, endpoint.port),
        reads,
      );
    case 'unix':
      return streamLink(await openUnix(endpoint, context, reads), context, showPath(endpoint.path), reads);
  }
}

/** Opens one raw-socket link per call (tcp, tls, unix, udp); never retries. Loaded lazily. */
export const connector: Connector<NetEndpoint> = { connect };
