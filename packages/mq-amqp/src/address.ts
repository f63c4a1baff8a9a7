import { addressSecrets, redactAddress, type Endpoint, type ParseInput } from '@omnidial/core/driver';
import { invalidAddress, type OptionSchema } from '@omnidial/core/driver';

/** Exchange types an address may ask for with `exchangeType=`. */
export const EXCHANGE_TYPES = ['topic', 'direct', 'fanout', 'headers'] as const;

/** Largest prefetch count AMQP 0-9-1 can express (an unsigned short). */
export const MAX_PREFETCH = 65_535;

/**
 * The amqp options: written in the URL query (`?queue=q&durable=true`) or after `|`, with the
 * same grammar (the core parses both and merges them).
 */
export const AMQP_OPTIONS: OptionSchema = {
  queue: {
    type: 'string',
    description: 'Queue to consume from (and publish to, without exchange). Give queue, exchange or both.',
    example: 'orders',
  },
  exchange: {
    type: 'string',
    description: 'Exchange to publish to and to bind the queue to (default: the default exchange).',
    example: 'prices',
  },
  exchangeType: {
    type: 'enum',
    values: EXCHANGE_TYPES,
    default: 'topic',
    description: 'Type of the exchange, declared if missing.',
  },
  routingKey: {
    type: 'string',
    description:
      'Routing key of publishes and binding key of the queue (default: the queue name; # for a topic exchange binding).',
    example: 'btc.usdt',
  },
  durable: { type: 'boolean', default: false, description: 'Durable queue and exchange, persistent messages.' },
  prefetch: {
    type: 'integer',
    min: 1,
    max: MAX_PREFETCH,
    description: 'Unacknowledged messages the broker may push (default: qsize, at most 65535); never more than qsize.',
  },
  heartbeat: { type: 'integer', min: 0, max: 3600, default: 10, description: 'AMQP heartbeat in seconds (0 = off).' },
  confirm: {
    type: 'boolean',
    default: false,
    description:
      "write() waits for the broker's publisher confirm; a nack, or no confirm within the write's timeout, drops the link (reconnect=true re-dials).",
  },
};

/** A validated `amqp://` / `amqps://` address. */
export interface AmqpEndpoint extends Endpoint {
  readonly tls: boolean;
  /** The first node of {@link hosts}. */
  readonly hostname: string;
  readonly port: number;
  /** Every node of a cluster address `amqp://u:p@h1:5672,h2:5672/`, tried in turn on each connect. */
  readonly hosts: readonly { readonly hostname: string; readonly port: number }[];
  readonly username: string;
  readonly password: string;
  /** Still percent-encoded, as amqplib expects; `''` means the default vhost `/`. */
  readonly vhost: string;
  /** Queue to consume from (and publish to, without `exchange`); undefined = a private server-named queue. */
  readonly queue: string | undefined;
  /** Exchange to publish to and bind to; `''` = the default exchange. */
  readonly exchange: string;
  readonly exchangeType: (typeof EXCHANGE_TYPES)[number];
  /** Routing key of published messages. */
  readonly publishKey: string;
  /** Binding key of the consumed queue to `exchange`. */
  readonly bindKey: string;
  /** Durable queue and exchange, persistent messages. */
  readonly durable: boolean;
  /** Unacknowledged messages the broker may push; never more than `qsize`. */
  readonly prefetch: number;
  /** Heartbeat in seconds (0 = off). */
  readonly heartbeat: number;
  /** `write()` waits for the broker's publisher confirm. */
  readonly confirm: boolean;
}

/**
 * Parses `amqp[s]://user:pass@host:5672/[vhost]?queue=Q[&exchange=E&routingKey=K&...]`.
 * Pure: no I/O. Throws DialError(InvalidArgument).
 */
export function parseAmqp({ scheme, base, url: target, options }: ParseInput): AmqpEndpoint {
  const fail = (message: string): never => {
    throw invalidAddress(scheme, base, message);
  };
  const { first, others } = splitHosts(target);
  let url: URL;
  try {
    url = new URL(first);
  } catch {
    return fail('not a valid URL');
  }
  if (url.hostname === '') fail('missing host');
  if (url.hash !== '') fail('unexpected "#" in the address; give names with "#" after "|" or in the options object');
  const vhost = url.pathname.replace(/^\//, '');
  if (vhost.includes('/')) fail('the path must be a single vhost name (write "/" inside it as %2F)');
  const queue = text(options.queue);
  const exchange = text(options.exchange) ?? '';
  if (queue === undefined && exchange === '') fail('give ?queue=NAME, ?exchange=NAME, or both');
  const exchangeType = options.exchangeType as AmqpEndpoint['exchangeType'];
  const routingKey = text(options.routingKey);
  const defaultPort = scheme === 'amqps' ? 5671 : 5672;
  const qsize = Number(options.qsize ?? 2000);
  const prefetch = options.prefetch === undefined ? Math.min(qsize, MAX_PREFETCH) : Number(options.prefetch);
  if (prefetch > qsize)
    fail(`prefetch (${prefetch}) must not exceed qsize (${qsize}), or unread messages would be dropped`);
  return {
    scheme,
    redacted: redactAddress(base),
    secrets: addressSecrets(base),
    tls: scheme === 'amqps',
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? defaultPort : Number(url.port),
    hosts: [
      { hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port === '' ? defaultPort : Number(url.port) },
      ...others.map((host) => otherHost(host, defaultPort, fail)),
    ],
    username: decode(url.username || 'guest', fail),
    password: decode(url.password || (url.username ? '' : 'guest'), fail),
    vhost,
    queue,
    exchange,
    exchangeType,
    publishKey: routingKey ?? queue ?? '',
    bindKey: routingKey ?? (exchangeType === 'topic' ? '#' : (queue ?? '')),
    durable: options.durable === true,
    prefetch,
    heartbeat: Number(options.heartbeat),
    confirm: options.confirm === true,
  };
}

/** A string option's value, or undefined when absent or empty. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A percent-decoded userinfo part; a malformed escape is InvalidArgument, never a raw URIError. */
function decode(part: string, fail: (message: string) => never): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return fail('malformed percent-encoding in the user name or password (write %25 for a literal %)');
  }
}

/**
 * Splits a cluster address `amqp://u:p@h1:5672,h2:5672/vh?...` into the address of its first
 * node (parsed as a URL) and the other `host[:port]` entries. The userinfo ends at the last `@`
 * before the path, as in every broker address.
 */
function splitHosts(target: string): { first: string; others: string[] } {
  const start = target.indexOf('://') + 3;
  const pathAt = target.slice(start).search(/[/?#]/);
  const end = pathAt < 0 ? target.length : start + pathAt;
  const hostsAt = start + target.slice(start, end).lastIndexOf('@') + 1;
  const [head = '', ...others] = target.slice(hostsAt, end).split(',');
  return { first: target.slice(0, hostsAt) + head + target.slice(end), others };
}

function otherHost(
  text: string,
  defaultPort: number,
  fail: (message: string) => never,
): { hostname: string; port: number } {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]/@]+)(?::([0-9]{1,5}))?$/.exec(text.trim());
  const port = match?.[2] === undefined ? defaultPort : Number(match[2]);
  if (match === null || port < 1 || port > 65_535)
    return fail(`bad host "${text}" in the node list; expected host[:port]`);
  return { hostname: match[1]!.replace(/^\[(.*)\]$/, '$1'), port };
}
