import { addressSecrets, redactAddress, type Endpoint, type ParseInput } from '@omnidial/core/driver';
import { QueryParams } from '@omnidial/core/driver';

/** Exchange types an address may ask for with `exchangeType=`. */
export const EXCHANGE_TYPES = ['topic', 'direct', 'fanout', 'headers'] as const;

/** Largest prefetch count AMQP 0-9-1 can express (an unsigned short). */
export const MAX_PREFETCH = 65_535;

/** Parameters an `amqp://` URL may carry after `?`. */
export const QUERY_KEYS = ['queue', 'exchange', 'exchangeType', 'routingKey', 'durable', 'prefetch', 'heartbeat', 'confirm'] as const;

/** A validated `amqp://` / `amqps://` address. */
export interface AmqpEndpoint extends Endpoint {
  readonly tls: boolean;
  readonly hostname: string;
  readonly port: number;
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
export function parseAmqp({ scheme, base, options }: ParseInput): AmqpEndpoint {
  const redacted = redactAddress(base);
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new QueryParams('', [], scheme, redacted).invalid('not a valid URL');
  }
  const query = new QueryParams(url.search, QUERY_KEYS, scheme, redacted);
  if (url.hostname === '') throw query.invalid('missing host');
  const vhost = url.pathname.replace(/^\//, '');
  if (vhost.includes('/')) throw query.invalid('the path must be a single vhost name (write "/" inside it as %2F)');
  const queue = query.string('queue');
  const exchange = query.string('exchange') ?? '';
  if (queue === undefined && exchange === '') throw query.invalid('give ?queue=NAME, ?exchange=NAME, or both');
  const exchangeType = query.oneOf('exchangeType', EXCHANGE_TYPES, 'topic');
  const routingKey = query.string('routingKey');
  const qsize = Number(options.qsize ?? 2000);
  const prefetch = query.integer('prefetch', Math.min(qsize, MAX_PREFETCH), 1, MAX_PREFETCH);
  if (prefetch > qsize) throw query.invalid(`prefetch (${prefetch}) must not exceed qsize (${qsize}), or unread messages would be dropped`);
  return {
    scheme,
    redacted,
    secrets: addressSecrets(base),
    tls: scheme === 'amqps',
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? (scheme === 'amqps' ? 5671 : 5672) : Number(url.port),
    username: decodeURIComponent(url.username || 'guest'),
    password: decodeURIComponent(url.password || (url.username ? '' : 'guest')),
    vhost,
    queue,
    exchange,
    exchangeType,
    publishKey: routingKey ?? queue ?? '',
    bindKey: routingKey ?? (exchangeType === 'topic' ? '#' : queue ?? ''),
    durable: query.boolean('durable', false),
    prefetch,
    heartbeat: query.integer('heartbeat', 10, 0, 3600),
    confirm: query.boolean('confirm', false),
  };
}
