import { randomUUID } from 'node:crypto';
import { addressSecrets, redactAddress, type Endpoint, type ParseInput } from '@omnidial/core/driver';
import { QueryParams } from '@omnidial/core/driver';

/** Parameters a `kafka://` URL may carry after `?`. */
export const QUERY_KEYS = ['topic', 'group', 'from', 'clientId', 'acks', 'tls', 'sasl'] as const;

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
export function parseKafka({ scheme, base }: ParseInput): KafkaEndpoint {
  const redacted = redactAddress(base);
  const fail = (message: string): never => { throw new QueryParams('', [], scheme, redacted).invalid(message); };
  const rest = base.slice(base.indexOf('://') + 3);
  const [beforeQuery = '', search = ''] = splitOnce(rest, '?');
  const [authority = '', path = ''] = splitOnce(beforeQuery, '/');
  const query = new QueryParams(search, QUERY_KEYS, scheme, redacted);
  const at = authority.lastIndexOf('@');
  const userinfo = at < 0 ? undefined : authority.slice(0, at);
  const brokers = (at < 0 ? authority : authority.slice(at + 1)).split(',').map((host) => broker(host, fail));
  if (brokers.length === 0 || brokers.some((b) => b === '')) fail('missing broker host');
  const topic = query.string('topic') ?? decode(path.replace(/\/$/, ''), 'topic', fail);
  if (topic === '') fail('missing topic: kafka://host:9092/TOPIC');
  if (!/^[A-Za-z0-9._-]{1,249}$/.test(topic)) fail(`invalid topic name "${topic}" (letters, digits, ".", "_", "-")`);
  const group = query.string('group');
  const acks = query.oneOf('acks', ['all', '-1', '1', '0'], 'all');
  return {
    scheme,
    redacted,
    secrets: addressSecrets(base),
    brokers,
    topic,
    group: group ?? `omnidial-${randomUUID()}`,
    sharedGroup: group !== undefined,
    from: query.oneOf('from', ['latest', 'earliest'], 'latest'),
    clientId: query.string('clientId') ?? 'omnidial',
    acks: acks === 'all' ? -1 : (Number(acks) as -1 | 0 | 1),
    tls: query.boolean('tls', false),
    sasl: userinfo === undefined ? undefined : sasl(userinfo, query, fail),
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

function sasl(userinfo: string, query: QueryParams, fail: (message: string) => never): KafkaSasl {
  const colon = userinfo.indexOf(':');
  const mechanism = query.oneOf('sasl', ['plain', 'scram-sha-256', 'scram-sha-512'], 'plain');
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
