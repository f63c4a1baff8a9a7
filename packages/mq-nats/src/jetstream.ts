import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import type { JetStreamSettings } from './driver.js';

/**
 * How long one pull request waits at the server. The client pulls again when it expires, and
 * when two of its idle heartbeats (half this) are missed: that is how a pull request the server
 * never queued is noticed. On a 3-node cluster (nats-server 2.9) the first pulls of queue group
 * members are sometimes lost (the consumer leader held waiting pulls of one member only), and with
 * the client's default of 30 s the other members got nothing for 30 s (issue 19).
 */
const PULL_EXPIRES_MS = 5000;

/** A running JetStream subscription: the client to publish with and how to stop consuming. */
export interface JetStreamSession {
  readonly js: JetStreamClient;
  /** Stops consuming; with `forget`, also deletes a consumer that was made for this connection only. */
  stop(forget: boolean): Promise<void>;
}

/** A stream name derived from a subject: `orders.eu.*` → `orders_eu__`. */
export function streamNameFor(subject: string): string {
  return subject.replace(/[^A-Za-z0-9_-]/g, '_');
}

async function findOrCreateStream(jsm: JetStreamManager, subject: string, name: string | undefined): Promise<string> {
  if (name !== undefined) {
    const exists = await jsm.streams.info(name).then(
      () => true,
      () => false,
    );
    if (!exists) await jsm.streams.add({ name, subjects: [subject] });
    return name;
  }
  const found = await jsm.streams.find(subject).catch(() => undefined);
  if (found !== undefined && found !== '') return found;
  const created = streamNameFor(subject);
  await jsm.streams.add({ name: created, subjects: [subject] });
  return created;
}

/**
 * Binds to (or creates) the stream holding `subject` and a pull consumer with explicit acks,
 * and hands every message to `onMessage`. The consumer's `max_ack_pending` is the receive
 * queue length, so the broker, not the queue, holds what the reader has not taken yet.
 */
export async function startJetStream(
  nc: NatsConnection,
  subject: string,
  settings: JetStreamSettings,
  maxPending: number,
  onMessage: (message: JsMsg) => void,
): Promise<JetStreamSession> {
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const stream = await findOrCreateStream(jsm, subject, settings.stream);
  const exists = await jsm.consumers.info(stream, settings.consumer).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await jsm.consumers.add(stream, {
      durable_name: settings.consumer,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: settings.from === 'earliest' ? DeliverPolicy.All : DeliverPolicy.New,
      filter_subject: subject,
      ack_wait: nanos(settings.ackWait),
      max_ack_pending: maxPending,
      // A consumer made for one connection disappears 5 minutes after its reader did.
      ...(settings.durable ? {} : { inactive_threshold: nanos(300_000) }),
    });
  }
  const consumer = await js.consumers.get(stream, settings.consumer);
  const messages: ConsumerMessages = await consumer.consume({
    callback: onMessage,
    max_messages: Math.min(maxPending, 1000),
    expires: PULL_EXPIRES_MS,
  });
  return {
    js,
    async stop(forget: boolean): Promise<void> {
      await messages.close().catch(() => undefined);
      if (forget && !settings.durable) await jsm.consumers.delete(stream, settings.consumer).catch(() => undefined);
    },
  };
}
