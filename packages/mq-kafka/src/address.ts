import { randomUUID } from 'node:crypto';
import { addressSecrets, redactAddress, type Endpoint, type ParseInput } from '@omnidial/core/driver';
import { invalidAddress, type OptionSchema } from '@omnidial/core/driver';

/**
 * The kafka options: written in the URL query (`?group=g&from=earliest`) or after `|`, with
 * the same grammar (the core parses both and merges them).
 */
export const KAFKA_OPTIONS: OptionSchema = {
  topic: {
    type: 'string',
    description: 'Topic written to and read from, when not given as the path (kafka://host:9092/TOPIC).',
    example: 'orders',
  },
  group: {
    type: 'string',
    description:
      'Consumer group (default: one unique to the connection, so it sees every message); a named group shares partitions and resumes from its commits.',
    example: 'executors',
  },
  from: {
    type: 'enum',
    values: ['latest', 'earliest'],
    default: 'latest',
    description: 'Where a group without committed offsets starts.',
  },
  clientId: { type: 'string', default: 'omnidial', description: 'Kafka client id.' },
  acks: {
    type: 'enum',
    values: ['all', '-1', '1', '0'],
    default: 'all',
    description: 'Producer acknowledgements: all (= -1, every in-sync replica), 1 (the leader) or 0 (none).',
  },
  tls: { type: 'boolean', default: false, description: 'TLS to the brokers (verification on; the TLS options apply).' },
  sasl: {
    type: 'enum',
    values: ['plain', 'scram-sha-256', 'scram-sha-512'],
    default: 'plain',
    description: 'SASL mechanism for the user:pass of the address.',
  },
};

/** Where a reader starts when its group has no committed offset. */
export type StartFrom = 'latest' | 'earliest';

/** SASL credentials from `kafka://user:pass@...` (mechanism from `sasl=`, default `plain`). */
export interface KafkaSasl {
  readonly mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
  readonly username: string;
  readonly password: string;
}

/** A validated `kafka://` address. */
export interface KafkaEndpoint extends Endpoint {
  /** Bootstrap brokers, `host:port` each, in the order given. */
  readonly brokers: readonly string[];
  readonly topic: string;
  /** Consumer group: the `group=` given, else one unique to this connection. */
  readonly group: string;
  /** True when the group was named in the address (shared with other connections). */
  readonly sharedGroup: boolean;
  readonly from: StartFrom;
  readonly clientId: string;
  /** Producer acknowledgements: -1 (all in-sync replicas, default), 1 (leader) or 0. */
  readonly acks: -1 | 0 | 1;
  readonly tls: boolean;
  readonly sasl: KafkaSasl | undefined;
}

/**
 * Parses `kafka://[user:pass@]host:9092[,host2:9092]/topic[?group=G&from=latest|earliest]`.
 * Pure (a fresh group name is random, not I/O). Throws DialError(InvalidArgument).
 */
export function parseKafka({ scheme, base, url, options }: ParseInput): KafkaEndpoint {
  const fail = (message: string): never => {
    throw invalidAddress(scheme, base, message);
  };
  const rest = url.slice(url.indexOf('://') + 3);
  const [authority = '', path = ''] = splitOnce(rest, '/');
  const at = authority.lastIndexOf('@');
  const userinfo = at < 0 ? undefined : authority.slice(0, at);
  const brokers = (at < 0 ? authority : authority.slice(at + 1)).split(',').map((host) => broker(host, fail));
  if (brokers.length === 0 || brokers.some((b) => b === '')) fail('missing broker host');
  const pathTopic = decode(path.replace(/\/$/, ''), 'topic', fail);
  const named = typeof options.topic === 'string' && options.topic !== '' ? options.topic : undefined;
  if (named !== undefined && pathTopic !== '' && named !== pathTopic)
    fail(`the topic is given twice ("${pathTopic}" in the path, "${named}" as an option); give one`);
  const topic = named ?? pathTopic;
  if (topic === '') fail('missing topic: kafka://host:9092/TOPIC');
  if (!/^[A-Za-z0-9._-]{1,249}$/.test(topic)) fail(`invalid topic name "${topic}" (letters, digits, ".", "_", "-")`);
  const group = typeof options.group === 'string' && options.group !== '' ? options.group : undefined;
  const acks = String(options.acks);
  return {
    scheme,
    redacted: redactAddress(base),
    secrets: addressSecrets(base),
    brokers,
    topic,
    group: group ?? `omnidial-${randomUUID()}`,
    sharedGroup: group !== undefined,
    from: options.from === 'earliest' ? 'earliest' : 'latest',
    clientId: typeof options.clientId === 'string' && options.clientId !== '' ? options.clientId : 'omnidial',
    acks: acks === 'all' ? -1 : (Number(acks) as -1 | 0 | 1),
    tls: options.tls === true,
    sasl: userinfo === undefined ? undefined : sasl(userinfo, String(options.sasl), fail),
  };
}

function splitOnce(text: string, separator: string): [string, string] {
  const index = text.indexOf(separator);
  return index < 0 ? [text, ''] : [text.slice(0, index), text.slice(index + 1)];
}

function broker(host: string, fail: (message: string) => never): string {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::(\d{1,5}))?$/.exec(host.trim());
  if (match === null) return fail(`invalid broker "${host}": expected host:port`);
  const port = match[2] === undefined ? 9092 : Number(match[2]);
  if (port < 1 || port > 65_535) fail(`invalid port in "${host}"`);
  return `${match[1]}:${port}`;
}

function sasl(userinfo: string, mechanism: string, fail: (message: string) => never): KafkaSasl {
  const colon = userinfo.indexOf(':');
  return {
    mechanism: mechanism.toUpperCase() as KafkaSasl['mechanism'],
    username: decode(colon < 0 ? userinfo : userinfo.slice(0, colon), 'user name', fail),
    password: decode(colon < 0 ? '' : userinfo.slice(colon + 1), 'password', fail),
  };
}

/** `decodeURIComponent` that reports a malformed `%XX` escape as InvalidArgument (never a raw URIError). */
function decode(text: string, what: string, fail: (message: string) => never): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return fail(`malformed percent-encoding in the ${what} (write "%25" for a literal "%")`);
  }
}
