import { randomBytes } from 'node:crypto';
import {
  addressSecrets,
  redactAddress,
  type Driver,
  type Endpoint,
  type OptionSchema,
  type ParseInput,
} from '@omnidial/core/driver';
import { invalidAddress, parseBrokerUrl } from '@omnidial/core/driver';

/** Everything the NATS connector needs, validated by {@link natsDriver}'s `parse()` (no I/O). */
export interface NatsEndpoint extends Endpoint {
  /** `host:port` of every server, in the order given. */
  readonly servers: readonly string[];
  readonly user: string | undefined;
  readonly pass: string | undefined;
  /** `nats://token@host`: a user without a password is a token (the NATS convention). */
  readonly token: string | undefined;
  /** Subject subscribed to; also the subject `write()` publishes on (when it has no wildcard). */
  readonly subject: string;
  /** Queue group (core NATS) or shared durable consumer (JetStream). */
  readonly queue: string | undefined;
  readonly echo: boolean;
  readonly jetstream: false | JetStreamSettings;
}

/** JetStream settings of an endpoint (`jetstream=true`). */
export interface JetStreamSettings {
  /** Stream name; undefined = the stream that holds the subject, created if there is none. */
  readonly stream: string | undefined;
  /** Consumer name: `durable`, else `queue`, else a random name kept for this connection's lifetime. */
  readonly consumer: string;
  /** True when the user named the consumer: it outlives the connection. */
  readonly durable: boolean;
  /** Where a new consumer starts: `latest` (only new messages) or `earliest` (all the stream holds). */
  readonly from: 'latest' | 'earliest';
  /** Milliseconds before an unacknowledged message is redelivered. */
  readonly ackWait: number;
}

/**
 * Keys that may be written in the URL query (`?topic=s&queue=g`) or after `|`. The same key in
 * both places must agree. Defaults are applied in `parse()`.
 */
export const NATS_OPTIONS: OptionSchema = {
  topic: {
    type: 'string',
    description: 'Subject to subscribe to and publish on (required); `subject` is an alias.',
    example: 'signals.btc',
  },
  subject: { type: 'string', description: 'Same as `topic`.' },
  queue: {
    type: 'string',
    description:
      'Queue group: connections with the same queue share the messages instead of each getting all. With JetStream, the name of the shared durable consumer.',
  },
  echo: { type: 'boolean', description: "Receive this connection's own publishes (default true)." },
  jetstream: {
    type: 'boolean',
    description:
      "Use JetStream: persistent publishes (await the stream's ack) and a consumer acknowledged on read (default false).",
  },
  stream: {
    type: 'string',
    description:
      'JetStream stream name (default: the stream holding the subject; one named after the subject is created if none does).',
  },
  durable: {
    type: 'string',
    description:
      'JetStream durable consumer name: resumes where the last reader with this name stopped, across restarts.',
  },
  from: {
    type: 'enum',
    values: ['latest', 'earliest'],
    aliases: { new: 'latest', all: 'earliest' },
    description: 'JetStream: where a new consumer starts, latest (default: only new messages) or earliest.',
  },
  ackWait: {
    type: 'integer',
    min: 100,
    max: 86_400_000,
    description: 'JetStream: milliseconds before an unacknowledged message is redelivered (default 30000).',
  },
};

const WILDCARD = /(^|\.)(\*|>)(\.|$)/;

/** True when `subject` has a `*` or `>` token: it can be subscribed to but not published on. */
export function isWildcardSubject(subject: string): boolean {
  return WILDCARD.test(subject);
}

function parseNats({ scheme, base, url: target, options: merged }: ParseInput): NatsEndpoint {
  const url = parseBrokerUrl(scheme, target, 4222);
  if (url.path !== '' && url.path !== '/')
    throw invalidAddress(scheme, base, `unexpected path "${url.path}"; give the subject as ?topic=...`);
  if (merged.topic !== undefined && merged.subject !== undefined && merged.topic !== merged.subject) {
    throw invalidAddress(scheme, base, 'topic and subject name different subjects; give one');
  }
  const subject = merged.topic ?? merged.subject;
  if (typeof subject !== 'string' || subject === '')
    throw invalidAddress(scheme, base, 'missing subject: add ?topic=NAME to the address');
  if (/\s/.test(subject) || subject.startsWith('.') || subject.endsWith('.') || subject.includes('..')) {
    throw invalidAddress(scheme, base, `bad subject "${subject}": tokens are separated by single dots, without spaces`);
  }
  const queue = typeof merged.queue === 'string' && merged.queue !== '' ? merged.queue : undefined;
  const jetstreamKeys = ['stream', 'durable', 'from', 'ackWait'].filter((k) => merged[k] !== undefined);
  if (merged.jetstream !== true && jetstreamKeys.length > 0) {
    throw invalidAddress(scheme, base, `${jetstreamKeys.join(', ')} only apply with jetstream=true`);
  }
  if (merged.jetstream !== true && merged.overflow === 'block') {
    // Core NATS has no flow control: a slow subscriber is cut off by the server, never paused.
    throw invalidAddress(scheme, base, 'overflow=block needs jetstream=true (core NATS cannot pause a subscription)');
  }
  const durable = typeof merged.durable === 'string' && merged.durable !== '' ? merged.durable : queue;
  const userOnly = url.username !== undefined && url.password === undefined;
  return {
    scheme,
    redacted: redactAddress(userOnly ? base.replace(`//${url.username}@`, '//***@') : base),
    secrets: [
      ...addressSecrets(base),
      ...[url.password, userOnly ? url.username : undefined].filter((s): s is string => s !== undefined && s !== ''),
    ],
    servers: url.hosts.map((h) => (h.host.includes(':') ? `[${h.host}]:${h.port}` : `${h.host}:${h.port}`)),
    user: userOnly ? undefined : url.username,
    pass: url.password,
    token: userOnly ? url.username : undefined,
    subject,
    queue,
    echo: merged.echo !== false,
    jetstream:
      merged.jetstream !== true
        ? false
        : {
            stream: typeof merged.stream === 'string' && merged.stream !== '' ? merged.stream : undefined,
            consumer: durable ?? `omnidial_${randomBytes(8).toString('hex')}`,
            durable: durable !== undefined,
            from: merged.from === 'earliest' ? 'earliest' : 'latest',
            ackWait: Number(merged.ackWait ?? 30_000),
          },
  };
}

/**
 * The `nats://` driver (`@nats-io/transport-node`, plus `@nats-io/jetstream` for
 * `jetstream=true`): one connection subscribes to the subject and publishes on it.
 */
export const natsDriver: Driver<NatsEndpoint> = {
  name: 'nats',
  packageName: '@omnidial/mq-nats',
  schemes: ['nats'],
  description: 'NATS publish/subscribe on one subject; queue groups; JetStream acknowledged on read.',
  capabilities: {
    kind: 'message',
    reconnect: true,
    acknowledgements: true,
    proxy: false,
    tls: true,
    payload: false,
    flowControl: true,
  },
  options: NATS_OPTIONS,
  examples: [
    'nats://127.0.0.1:4222?topic=test_topic',
    'nats://admin@127.0.0.1:4222?topic=test_topic',
    'nats://user:pass@h1:4222,h2:4222?topic=orders&queue=workers|reconnect=true',
    'nats://127.0.0.1:4222?topic=orders&jetstream=true&durable=exec-bot',
  ],
  queryOptions: true,
  parse: parseNats,
  load: () => import('./connect.js').then((m) => m.connector),
};
