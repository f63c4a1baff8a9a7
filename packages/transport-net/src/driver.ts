import type { Capabilities, Connector, Driver, OptionSchema } from '@omnidial/core/driver';
import type { NetEndpoint, NetTransport } from './endpoint.js';
import { DEFAULT_KEEPALIVE_MS, parseNetEndpoint } from './parse/endpoint.js';

const PACKAGE = '@omnidial/transport-net';

const TUNING: OptionSchema = {
  nodelay: {
    type: 'boolean',
    default: true,
    description: "Disable Nagle's algorithm (TCP_NODELAY) so small writes leave at once.",
  },
  keepalive: {
    type: 'integer',
    default: DEFAULT_KEEPALIVE_MS,
    min: 0,
    max: 86_400_000,
    description: 'Milliseconds of idleness before TCP keepalive probes start; 0 turns keepalive off.',
  },
};

function capabilities(kind: Capabilities['kind'], extras: { proxy?: boolean; tls?: boolean } = {}): Capabilities {
  return {
    kind,
    reconnect: true,
    acknowledgements: false,
    proxy: extras.proxy ?? false,
    tls: extras.tls ?? false,
    payload: true,
    // A stream socket can stop reading (overflow=block); a datagram that is not read is lost anyway.
    flowControl: kind === 'stream',
  };
}

const loadConnector = (): Promise<Connector<NetEndpoint>> => import('./connect.js').then((m) => m.connector);

function define(
  transport: NetTransport,
  description: string,
  caps: Capabilities,
  options: OptionSchema,
  examples: string[],
): Driver<NetEndpoint> {
  return {
    name: transport,
    packageName: PACKAGE,
    schemes: [transport],
    description,
    capabilities: caps,
    options,
    examples,
    parse: (input) => parseNetEndpoint(transport, input),
    load: loadConnector,
  };
}

/** `tcp://host:port`: a TCP byte stream; one received chunk is one message. Proxy-capable. */
export const tcpDriver: Driver<NetEndpoint> = define(
  'tcp',
  'TCP byte stream (node:net), optionally through a SOCKS5 proxy',
  capabilities('stream', { proxy: true }),
  TUNING,
  [
    'tcp://127.0.0.1:9000',
    'tcp://example.com:7000|reconnect=true&payload=hello',
    'tcp://10.0.0.5:9000|proxy=socks5://user:pass@127.0.0.1:1080',
  ],
);

/** `tls://host:port`: TLS over TCP, certificate verification on unless `insecure=true`. Proxy-capable. */
export const tlsDriver: Driver<NetEndpoint> = define(
  'tls',
  'TLS over TCP (node:tls), verified by default, optionally through a SOCKS5 proxy',
  capabilities('stream', { proxy: true, tls: true }),
  TUNING,
  [
    'tls://example.com:443',
    'tls://127.0.0.1:9443|ca=/etc/ssl/my-ca.pem&servername=localhost',
    'tls://10.0.0.5:9443|cert=client.pem&key=client.key',
  ],
);

/** `unix:///path/to.sock`: a Unix domain stream socket (`unix://@name` for the abstract namespace). */
export const unixDriver: Driver<NetEndpoint> = define(
  'unix',
  'Unix domain stream socket (node:net)',
  capabilities('stream'),
  {},
  ['unix:///tmp/app.sock', 'unix://run/app.sock', 'unix://@abstract-name'],
);

/** `udp://host:port`: a connected UDP socket; one datagram per message each way. */
export const udpDriver: Driver<NetEndpoint> = define(
  'udp',
  'UDP datagrams (node:dgram), one datagram per message',
  capabilities('datagram'),
  {},
  ['udp://127.0.0.1:9000', 'udp://[::1]:5353|binary=true'],
);

/** Every driver of this package, in registration order. */
export const netDrivers: readonly Driver<NetEndpoint>[] = [tcpDriver, tlsDriver, unixDriver, udpDriver];
