import { randomUUID } from 'node:crypto';
import { Consumer, Producer, type MessagesStream } from '@platformatic/kafka';
import {
  certificateError,
  loadTls,
  socketScope,
  tlsSettingsIf,
  type Connector,
  type LinkContext,
} from '@omnidial/core/driver';
import type { KafkaEndpoint } from './address.js';
import { KafkaLink } from './link.js';
import type { EventEmitter } from 'node:events';
import { guardPool } from './guard.js';

/**
 * Request-level retries of the client: only for transient broker answers during setup and
 * leader moves (a coordinator still loading, a leader election). They are short, so a dead
 * broker is reported to the core within about a second; the client never reconnects by itself.
 */
const CLIENT_RETRIES = { retries: 3, retryDelay: 250 } as const;

/** Opens Kafka links; a failed or timed-out attempt leaves no socket behind. */
export const connector: Connector<KafkaEndpoint> = {
  connect(endpoint, context) {
    // A timed-out attempt would leave its broker sockets waiting for requestTimeout: the core
    // abandons the attempt (signal), and the scope destroys every socket it opened.
    const scope = socketScope(() => open(endpoint, context));
    const abandon = (): void => scope.destroyAll();
    context.signal.addEventListener('abort', abandon, { once: true });
    return scope.result.then(
      (link) => {
        context.signal.removeEventListener('abort', abandon);
        scope.keep();
        return link;
      },
      (error: unknown) => {
        scope.destroyAll();
        throw error;
      },
    );
  },
};

/** Opens one Kafka link: producer, topic metadata, group consumer positioned and fetching. */
async function open(endpoint: KafkaEndpoint, context: LinkContext): Promise<KafkaLink> {
  const tls = tlsSettingsIf(endpoint.tls, context.options, endpoint.scheme, 'add ?tls=true');
  const base = {
    clientId: endpoint.clientId,
    bootstrapBrokers: [...endpoint.brokers],
    connectTimeout: context.timeoutMs,
    timeout: context.timeoutMs,
    ...CLIENT_RETRIES,
    ...(tls === undefined ? {} : { tls: await loadTls(tls, undefined, context) }),
    ...(endpoint.sasl === undefined ? {} : { sasl: { ...endpoint.sasl } }),
  };
  const producer = new Producer({ ...base, acks: endpoint.acks, autocreateTopics: true });
  const consumer = new Consumer({
    ...base,
    groupId: endpoint.group,
    groupInstanceId: instanceId(endpoint),
    sessionTimeout: 6_000,
    heartbeatInterval: 1_000,
    rebalanceTimeout: 6_000,
  });
  guardPool(producer.connections as unknown as EventEmitter);
  guardPool(consumer.connections as unknown as EventEmitter);
  const abandon = (): Promise<unknown> => Promise.allSettled([consumer.close(true), producer.close(true)]);
  try {
    await producer.metadata({ topics: [endpoint.topic], autocreateTopics: true });
    const stream = (await consumer.consume({
      topics: [endpoint.topic],
      mode: 'committed',
      fallbackMode: endpoint.from,
      autocommit: false,
      maxWaitTime: 100,
    })) as MessagesStream<Buffer, Buffer, Buffer, Buffer>;
    stream.pause();
    await positioned(stream, consumer, endpoint.topic, endpoint.sharedGroup, context.signal);
    const link = new KafkaLink(endpoint, producer, consumer, stream, context);
    stream.resume();
    return link;
  } catch (error) {
    await abandon();
    throw classify(context, error);
  }
}

/** Static group membership ids, one per connection (its endpoint object), kept across re-dials. */
const instanceIds = new WeakMap<KafkaEndpoint, string>();

/**
 * The `group.instance.id` of a connection's consumer (static membership, KIP-345). Every link of
 * one connection joins with the same id, so a re-dial takes over the member a dead link left in
 * the group at once (the broker fences the old one) instead of waiting for its session to time
 * out; a clean close still leaves the group, so other members get its partitions at once.
 */
function instanceId(endpoint: KafkaEndpoint): string {
  let id = instanceIds.get(endpoint);
  if (id === undefined) {
    id = `${endpoint.clientId}-${randomUUID()}`;
    instanceIds.set(endpoint, id);
  }
  return id;
}

/** Waits until this member knows its partitions and where to read each one from. */
function positioned(
  stream: MessagesStream<Buffer, Buffer, Buffer, Buffer>,
  consumer: Consumer,
  topic: string,
  shared: boolean,
  signal: AbortSignal,
): Promise<void> {
  const ready = (): boolean => {
    if (consumer.assignments === null || consumer.assignments === undefined) return false;
    const mine = consumer.assignments.find((a) => a.topic === topic)?.partitions ?? [];
    // A private group has no other live member: until it owns partitions, a dead member of an
    // earlier link still holds them (until its session times out).
    if (mine.length === 0 && !shared) return false;
    return mine.every((p) => stream.offsetsToFetch.has(`${topic}:${p}`));
  };
  return new Promise<void>((resolve, reject) => {
    const check = (): void => {
      if (ready()) done();
    };
    const timer = setInterval(check, 20);
    const onAbort = (): void => done(signal.reason);
    const onError = (error: Error): void => done(error);
    function done(error?: unknown): void {
      clearInterval(timer);
      stream.off('offsets', check);
      stream.off('error', onError);
      signal.removeEventListener('abort', onAbort);
      if (error === undefined) resolve();
      else reject(error);
    }
    stream.on('offsets', check);
    stream.on('error', onError);
    signal.addEventListener('abort', onAbort, { once: true });
    check();
  });
}

/** Maps the client's failures onto DialError codes. */
function classify(context: LinkContext, error: unknown): Error {
  if (error instanceof Error && error.name === 'DialError') return error;
  const refused = certificateError(context, error, 'the Kafka broker');
  if (refused !== undefined) return refused;
  const text = error instanceof Error ? `${error.message}${causes(error)}` : String(error);
  if (/SASL|authenticat|authoriz/i.test(text)) return context.error('PermissionDenied', text, error);
  if (/UNKNOWN_TOPIC|does not exist|unknown topic/i.test(text)) return context.error('NotFound', text, error);
  return context.error('Unavailable', text, error);
}

function causes(error: Error): string {
  const inner = (error as { errors?: unknown[] }).errors;
  if (!Array.isArray(inner) || inner.length === 0) return '';
  return `: ${inner.map((e) => (e instanceof Error ? e.message : String(e))).join('; ')}`;
}
