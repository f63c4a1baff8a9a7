import type { Msg, MsgHdrs, NatsConnection, Subscription } from '@nats-io/transport-node';
import type { JsMsg } from '@nats-io/jetstream';
import {
  BatchFailure,
  DeliveryBatch,
  pipelineWrites,
  toMessage,
  type MessageLink,
  type LinkContext,
  type NatsMetadata,
  type Settle,
  writePromise,
} from '@omnidial/core/driver';
import { isWildcardSubject, type NatsEndpoint } from './driver.js';
import type { JetStreamSession } from './jetstream.js';

/** Headers for `readMessage()`: every value of every key; undefined for a message without headers. */
function headersOf(headers: MsgHdrs | undefined): Record<string, string[]> | undefined {
  if (headers === undefined) return undefined;
  const out: Record<string, string[]> = {};
  for (const key of headers.keys()) out[key] = headers.values(key);
  return out;
}

/**
 * One live NATS connection: a core subscription (or a JetStream consumer) feeding the receive
 * queue, publishing on the endpoint's subject, and reporting the end of the connection.
 */
export class NatsLink implements MessageLink {
  readonly #nc: NatsConnection;
  readonly #endpoint: NatsEndpoint;
  readonly #context: LinkContext;
  readonly #binary: boolean;
  /** Core NATS: the messages the client parsed from one socket read reach the queue in one call. */
  readonly #received: DeliveryBatch;
  #subscription: Subscription | undefined;
  #jetstream: JetStreamSession | undefined;
  /** Stream sequences of JetStream messages in the receive queue, not yet settled. */
  readonly #queued = new Set<number>();
  #closed = false;
  /** The metadata of the last message without headers, shared by the next ones on its subject. */
  #lastMeta: NatsMetadata | undefined;
  /** Publishing on a wildcard subject is refused; decided once, not per write. */
  readonly #wildcard: boolean;

  constructor(nc: NatsConnection, endpoint: NatsEndpoint, context: LinkContext) {
    this.#nc = nc;
    this.#endpoint = endpoint;
    this.#wildcard = isWildcardSubject(endpoint.subject);
    this.#context = context;
    this.#binary = context.options.binary === true;
    this.#received = new DeliveryBatch(context);
  }

  /** Subscribes (and makes sure the server has the subscription) and starts watching the connection. */
  async start(): Promise<void> {
    const { subject, queue, jetstream } = this.#endpoint;
    if (jetstream === false) {
      this.#subscription = this.#nc.subscribe(subject, {
        queue,
        callback: (error, msg) => {
          if (error !== null) return;
          const meta = msg.headers === undefined ? this.#plainMeta(msg) : this.#headedMeta(msg);
          const { data } = msg;
          this.#received.add(toMessage(data, this.#binary), data.byteLength, undefined, meta);
        },
      });
      await this.#nc.flush();
    } else {
      const { startJetStream } = await import('./jetstream.js');
      const maxPending = Math.max(1, Number(this.#context.options.qsize ?? 2000));
      this.#jetstream = await startJetStream(this.#nc, subject, jetstream, maxPending, (m) => this.#deliverJs(m));
    }
    void this.#nc.closed().then((error) => {
      if (!this.#closed) this.#context.lost(error ?? new Error('connection closed by the server'));
    });
  }

  /**
   * One frozen metadata object per subject for messages without headers: nothing allocated per
   * message. A subscription without wildcards only receives its own subject, so the message's
   * subject (decoded from bytes on every access by the client) is not read.
   */
  #plainMeta(msg: Msg): NatsMetadata {
    const last = this.#lastMeta;
    if (last !== undefined && !this.#wildcard) return last;
    const { subject } = msg;
    if (last !== undefined && last.subject === subject) return last;
    return (this.#lastMeta = Object.freeze({ transport: 'nats', subject, headers: undefined }));
  }

  #headedMeta(msg: Msg): NatsMetadata {
    return { transport: 'nats', subject: msg.subject, headers: headersOf(msg.headers) };
  }

  /**
   * Queues a JetStream message. A redelivery (after `ackWait`) of a message still waiting in
   * the receive queue is skipped: the queued copy acknowledges it when read. So the queue
   * never holds more than the consumer's `max_ack_pending` (qsize) messages, and intake needs
   * no pause: the server sends no more while that many are unacknowledged.
   */
  #deliverJs(m: JsMsg): void {
    if (this.#queued.has(m.seq)) return;
    this.#queued.add(m.seq);
    const meta: NatsMetadata = {
      transport: 'nats',
      subject: m.subject,
      headers: headersOf(m.headers),
      sequence: m.seq,
      deliveries: m.info.deliveryCount,
    };
    this.#context.deliver(toMessage(m.data, this.#binary), m.data.byteLength, this.#settler(m), meta);
  }

  #settler(m: JsMsg): Settle {
    return (outcome) => {
      this.#queued.delete(m.seq);
      if (this.#closed || this.#nc.isClosed()) return; // redelivered after ackWait
      // released (unread at close): a nak makes the server redeliver it now rather than after ackWait.
      if (outcome === 'delivered') m.ack();
      else m.nak();
    };
  }

  write(data: string | Uint8Array, signal?: AbortSignal): Promise<number> {
    return writePromise(() => this.#send(data, signal));
  }

  writeNow(data: string | Uint8Array): number | Promise<number> {
    return this.#send(data, undefined);
  }

  /** Core NATS: published at once (the client buffers it and flushes it on the next tick); JetStream: once the stream acknowledged it. */
  #send(data: string | Uint8Array, signal: AbortSignal | undefined): number | Promise<number> {
    const refused = this.#refusal();
    if (refused !== undefined) throw refused;
    const { subject } = this.#endpoint;
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    if (this.#jetstream !== undefined) {
      return raceAbort(this.#jetstream.js.publish(subject, bytes), signal).then(
        () => bytes.byteLength,
        (error: unknown) => {
          throw signal?.aborted ? signal.reason : this.#failed(error);
        },
      );
    }
    try {
      this.#nc.publish(subject, bytes);
    } catch (error) {
      throw this.#failed(error);
    }
    return bytes.byteLength;
  }

  /**
   * Core NATS publishes the whole batch in this turn (the client buffers it and flushes it in one
   * go) and settles one promise for it, not one per item; JetStream pipelines its acknowledged
   * publishes.
   */
  writeMany(items: readonly (string | Uint8Array)[], signal?: AbortSignal): Promise<number> {
    if (this.#jetstream !== undefined) return pipelineWrites(items, (item) => this.#send(item, signal));
    const refused = this.#refusal();
    if (refused !== undefined) return Promise.reject(new BatchFailure(0, refused));
    const { subject } = this.#endpoint;
    let total = 0;
    for (let i = 0; i < items.length; i += 1) {
      const item = items[i]!;
      const bytes = typeof item === 'string' ? Buffer.from(item) : item;
      try {
        this.#nc.publish(subject, bytes);
      } catch (error) {
        return Promise.reject(new BatchFailure(i, this.#failed(error)));
      }
      total += bytes.byteLength;
    }
    return Promise.resolve(total);
  }

  /** Why nothing can be published now (a wildcard subject, a closed connection); undefined when it can. */
  #refusal(): Error | undefined {
    if (this.#wildcard)
      return this.#context.error(
        'InvalidArgument',
        `cannot publish on the wildcard subject "${this.#endpoint.subject}"`,
      );
    if (this.#closed || this.#nc.isClosed()) return this.#context.error('Unavailable', 'not connected');
    return undefined;
  }

  #failed(error: unknown): Error {
    return this.#context.error(
      'Unavailable',
      `publish failed: ${error instanceof Error ? error.message : String(error)}`,
      error,
    );
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const healthy = !this.#nc.isClosed();
    if (healthy) await this.#jetstream?.stop(true);
    this.#subscription?.unsubscribe();
    await this.#nc.close().catch(() => undefined);
  }
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
