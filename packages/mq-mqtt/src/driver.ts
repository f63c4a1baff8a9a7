import { randomBytes } from 'node:crypto';
import {
  addressSecrets,
  redactAddress,
  type Driver,
  type Endpoint,
  type OptionSchema,
  type ParseInput,
} from '@omnidial/core/driver';
import { invalidAddress, parseBrokerUrl, type HostPort } from '@omnidial/core/driver';

/** Everything the MQTT connector needs, validated by {@link mqttDriver}'s `parse()` (no I/O). */
export interface MqttEndpoint extends Endpoint {
  readonly protocol: 'mqtt' | 'mqtts';
  readonly hosts: readonly HostPort[];
  readonly username: string | undefined;
  readonly password: string | undefined;
  /** Topic filter subscribed to; also the topic `write()` publishes on (when it has no wildcard). */
  readonly topic: string;
  readonly qos: 0 | 1 | 2;
  /** Publish with the retain flag. */
  readonly retain: boolean;
  /** Receive the retained message when subscribing. */
  readonly retained: boolean;
  /** Receive what this connection publishes itself. */
  readonly echo: boolean;
  readonly clientId: string;
  /** Start with a fresh session on the first connect (re-dials always resume). */
  readonly clean: boolean;
  /** Session expiry interval in seconds (0: the session ends with the network connection). */
  readonly session: number;
  /** Keep-alive in seconds. */
  readonly keepalive: number;
}

/**
 * Keys that may be written in the URL query (`?topic=t&qos=1`) or after `|` (`|qos=1`). The
 * same key in both places must agree. Defaults are applied in `parse()`, so that a key given
 * in only one place is never mistaken for a conflict.
 */
export const MQTT_OPTIONS: OptionSchema = {
  topic: {
    type: 'string',
    description: 'Topic filter to subscribe to and topic to publish on (required).',
    example: 'signals/btc',
  },
  qos: {
    type: 'enum',
    values: ['0', '1', '2'],
    description:
      'QoS of the subscription and of publishes (default 0). QoS 1 is acknowledged only when read() hands the message over.',
  },
  clientId: {
    type: 'string',
    description: 'MQTT client id (default: a random omnidial_... id per connection, kept across its reconnects).',
  },
  retain: { type: 'boolean', description: 'Publish with the retain flag (default false).' },
  retained: {
    type: 'boolean',
    description: "Receive the topic's retained message on subscribe (default false: only new messages).",
  },
  echo: { type: 'boolean', description: "Receive this connection's own publishes (default true)." },
  clean: {
    type: 'boolean',
    description:
      'Fresh session on the first connect (default true). clean=false with a fixed clientId resumes a session an earlier run left, and keeps it on close().',
  },
  session: {
    type: 'integer',
    min: 0,
    max: 4_294_967_295,
    description:
      'Session expiry in seconds (default 0 for QoS 0, 300 for QoS 1/2 or clean=false): how long the broker keeps queued and unacknowledged messages across a drop.',
  },
  keepalive: {
    type: 'integer',
    min: 0,
    max: 65_535,
    description: 'Keep-alive in seconds (default 30); a dead broker is detected within 1.5x.',
  },
};

const WILDCARD = /[+#]/;

function parseMqtt({ scheme, base, url: target, options: merged }: ParseInput): MqttEndpoint {
  const url = parseBrokerUrl(scheme, target, scheme === 'mqtts' ? 8883 : 1883);
  if (url.path !== '' && url.path !== '/')
    throw invalidAddress(scheme, base, `unexpected path "${url.path}"; give the topic as ?topic=...`);
  const topic = merged.topic;
  if (typeof topic !== 'string' || topic === '')
    throw invalidAddress(scheme, base, 'missing topic: add ?topic=NAME to the address');
  if (topic.includes('\u0000')) throw invalidAddress(scheme, base, 'topic must not contain NUL');
  const qos = Number(merged.qos ?? 0) as 0 | 1 | 2;
  const clean = merged.clean !== false;
  const clientId =
    typeof merged.clientId === 'string' && merged.clientId !== ''
      ? merged.clientId
      : `omnidial_${randomBytes(8).toString('hex')}`;
  const redacted = redactAddress(base);
  return {
    scheme,
    redacted,
    secrets: [...addressSecrets(base), ...(url.password === undefined ? [] : [url.password])],
    protocol: scheme === 'mqtts' ? 'mqtts' : 'mqtt',
    hosts: url.hosts,
    username: url.username,
    password: url.password,
    topic,
    qos,
    clientId,
    clean,
    retain: merged.retain === true,
    retained: merged.retained === true,
    echo: merged.echo !== false,
    session: Number(merged.session ?? (qos > 0 || !clean ? 300 : 0)),
    keepalive: Number(merged.keepalive ?? 30),
  };
}

/** True when `topic` is a filter (`+`/`#`) that can be subscribed to but not published on. */
export function isTopicFilter(topic: string): boolean {
  return WILDCARD.test(topic);
}

/**
 * The `mqtt://` / `mqtts://` driver (MQTT v5 through the `mqtt` package): one connection
 * subscribes to `topic` and publishes on it. Register it in a `Registry`, or import the
 * package to register it globally.
 */
export const mqttDriver: Driver<MqttEndpoint> = {
  name: 'mqtt',
  packageName: '@omnidial/mq-mqtt',
  schemes: ['mqtt', 'mqtts'],
  description: 'MQTT v5 publish/subscribe on one topic; QoS 0/1/2; QoS 1 acknowledged on read.',
  capabilities: {
    kind: 'message',
    reconnect: true,
    acknowledgements: true,
    proxy: false,
    tls: true,
    payload: false,
    flowControl: true,
  },
  options: MQTT_OPTIONS,
  examples: [
    'mqtt://127.0.0.1:1883?topic=test_topic',
    'mqtt://user:pass@broker:1883?topic=signals&qos=1|reconnect=true',
    'mqtts://broker.example.com:8883?topic=signals/#&qos=1',
  ],
  queryOptions: true,
  parse: parseMqtt,
  load: () => import('./connect.js').then((m) => m.connector),
};
