import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import {
  BatchFailure,
  callbackBatch,
  toMessage,
  type AmqpMetadata,
  type MessageLink,
  type LinkContext,
  type Settle,
} from '@omnidial/core/driver';
import type { AmqpEndpoint } from './address.js';

const NO_HEADERS: Readonly<Record<string, unknown>> = Object.freeze({});
/** How long close() waits for the broker's close-ok before it cuts the socket. */
const CLOSE_GRACE_MS = 5000;

/**
 * One live AMQP connection with one channel that both publishes and consumes. Received
 * messages are acknowledged when the core settles them as `delivered` (read by the caller);
 * unread ones are left unacknowledged, so the broker redelivers them after a drop or close.
 * Intake needs no pause: the channel's prefetch (at most `qsize`) stops the broker once that
 * many messages are unacknowledged, so the receive queue never holds more.
 */
export class AmqpLink implements MessageLink {
  readonly #model: ChannelModel;
  readonly #channel: Channel | ConfirmChannel;
  readonly #endpoint: AmqpEndpoint;
  readonly #context: LinkContext;
  readonly #binary: boolean;
  #closing = false;
  /** The newest handed-over message not acknowledged yet (acked with allUpTo at the end of the turn). */
  #ackUpTo: ConsumeMessage | undefined;
  #draining: Promise<void> | undefined;

  constructor(model: ChannelModel, channel: Channel | ConfirmChannel, endpoint: AmqpEndpoint, context: LinkContext) {
    this.#model = model;
    this.#channel = channel;
    this.#endpoint = endpoint;
    this.#context = context;
    this.#binary = context.options.binary === true;
    const lost = (reason?: unknown): void => {
      if (!this.#closing) context.lost(reason ?? context.error('Unavailable', 'AMQP connection closed by the broker'));
    };
    model.on('error', lost);
    model.on('close', lost);
    channel.on('error', lost);
    channel.on('close', () => lost(context.error('Unavailable', 'AMQP channel closed by the broker')));
  }

  /** Subscribes to `queue` with manual acknowledgement. */
  async consume(queue: string): Promise<void> {
    await this.#channel.prefetch(this.#endpoint.prefetch);
    await this.#channel.consume(
      queue,
      (msg) => {
        if (msg === null) {
          this.#context.lost(
            this.#context.error('Unavailable', `the broker cancelled the consumer of queue "${queue}"`),
          );
          return;
        }
        const { exchange, routingKey, redelivered } = msg.fields;
        const meta: AmqpMetadata = {
          transport: 'amqp',
          exchange,
          routingKey,
          headers: msg.properties.headers ?? NO_HEADERS,
          redelivered,
        };
        this.#context.deliver(toMessage(msg.content, this.#binary), msg.content.length, this.#settler(msg), meta);
      },
      { noAck: false },
    );
  }

  async write(data: string | Uint8Array, signal?: AbortSignal): Promise<number> {
    if (this.#closing) throw this.#context.error('Closed', 'link is closed');
    const body = toBody(data);
    try {
      if (this.#endpoint.confirm) {
        // The timeout or signal bounds the wait for the confirm, which a stalled broker may never send.
        const confirmed = new Promise<void>((resolve, reject) =>
          this.#publishConfirmed(body, (error) => (error ? reject(error) : resolve())),
        );
        await abortable(confirmed, signal).catch((error: unknown) => {
          this.#confirmOverdue(signal);
          throw error;
        });
      } else {
        // Back-pressure: while the channel's buffer is full, every write waits for one shared drain.
        if (this.#draining !== undefined) await abortable(this.#draining, signal);
        if (!this.#publish(body)) await this.#drain(signal);
      }
    } catch (error) {
      throw this.#publishError(error, signal);
    }
    return body.length;
  }

  /**
   * `write()` without a timeout or signal: without confirms, a publish the channel took at once
   * (amqplib's `publish()` returned true) gives its bytes as a number, with no promise of its own;
   * with confirms, or while the channel's buffer is full, `write()`'s promise.
   */
  writeNow(data: string | Uint8Array): number | Promise<number> {
    if (this.#endpoint.confirm || this.#draining !== undefined) return this.write(data);
    if (this.#closing) throw this.#context.error('Closed', 'link is closed');
    const body = toBody(data);
    let taken: boolean;
    try {
      taken = this.#publish(body);
    } catch (error) {
      throw this.#publishError(error, undefined);
    }
    if (taken) return body.length;
    return this.#drain(undefined).then(
      () => body.length,
      (error: unknown) => {
        throw this.#publishError(error, undefined);
      },
    );
  }

  /**
   * Publishes every item in this turn: amqplib frames them into its buffer and flushes them
   * together. With confirms, one promise settles when every confirmation came back; without,
   * the batch waits for at most one drain, after the last item.
   */
  async writeMany(items: readonly (string | Uint8Array)[], signal?: AbortSignal): Promise<number> {
    if (this.#closing) throw this.#context.error('Closed', 'link is closed');
    if (this.#endpoint.confirm) {
      return callbackBatch(
        items,
        (item, done) => {
          const body = toBody(item);
          try {
            this.#publishConfirmed(body, (error) => done(error ? this.#publishError(error, undefined) : undefined));
          } catch (error) {
            throw this.#publishError(error, signal);
          }
          return body.length;
        },
        signal,
      ).catch((error: unknown) => {
        this.#confirmOverdue(signal);
        throw error;
      });
    }
    try {
      if (this.#draining !== undefined) await abortable(this.#draining, signal);
    } catch (error) {
      throw this.#publishError(error, signal);
    }
    let total = 0;
    let full = false;
    for (let i = 0; i < items.length; i += 1) {
      const body = toBody(items[i]!);
      try {
        if (!this.#publish(body)) full = true;
      } catch (error) {
        throw new BatchFailure(i, this.#publishError(error, signal));
      }
      total += body.length;
    }
    try {
      if (full) await this.#drain(signal);
    } catch (error) {
      throw this.#publishError(error, signal);
    }
    return total;
  }

  #publish(body: Buffer): boolean {
    const { exchange, publishKey, durable } = this.#endpoint;
    return this.#channel.publish(exchange, publishKey, body, { persistent: durable });
  }

  #publishConfirmed(body: Buffer, done: (error: unknown) => void): void {
    const { exchange, publishKey, durable } = this.#endpoint;
    (this.#channel as ConfirmChannel).publish(exchange, publishKey, body, { persistent: durable }, (error) => {
      if (error) this.#nacked();
      done(error);
    });
  }

  /**
   * The broker refused a publish (nack; the write resolves 0). The channel is not used again: a
   * RabbitMQ 3.10 channel re-dialed while a quorum queue elected its leader nacked every publish
   * for as long as the test watched (60 s; docs/decisions/0245), so the link is reported lost and
   * `reconnect=true` re-dials a fresh one. (A queue full with `x-overflow=reject-publish` then costs
   * a re-dial per refused write, paced by the reconnect backoff.)
   */
  #nacked(): void {
    if (!this.#closing) this.#context.lost(this.#context.error('Unavailable', 'the broker refused a publish (nack)'));
  }

  /**
   * A confirm that did not come within the write's timeout. The channel is not trusted again:
   * a RabbitMQ 3.10 channel opened while a quorum queue elected its leader was seen to withhold
   * every later confirm (docs/decisions/0245). The link is reported lost, so `reconnect=true`
   * re-dials a fresh connection; a caller's own cancel (not a timeout) keeps the link.
   */
  #confirmOverdue(signal: AbortSignal | undefined): void {
    if (this.#closing || signal?.aborted !== true || (signal.reason as Error | undefined)?.name !== 'TimeoutError')
      return;
    this.#context.lost(this.#context.error('Unavailable', 'no publisher confirm within the write timeout'));
  }

  /** Waits for the one shared drain of the channel's full buffer. */
  #drain(signal: AbortSignal | undefined): Promise<void> {
    this.#draining ??= this.#drained().finally(() => {
      this.#draining = undefined;
    });
    return abortable(this.#draining, signal);
  }

  /** A failed publish as a DialError; an abort stays the signal's reason. */
  #publishError(error: unknown, signal: AbortSignal | undefined): unknown {
    if (signal?.aborted) return error;
    return this.#context.error('Unavailable', `publish failed: ${(error as Error).message}`, error);
  }

  async close(): Promise<void> {
    if (this.#closing) return;
    // Acks of messages already handed over go out before the channel closes.
    this.#flushAcks();
    this.#closing = true;
    // Closing the channel first makes the broker take the acks sent before it (amqplib may
    // put a connection.close ahead of them); it returns every unacknowledged message to its queue.
    const graceful = (async () => {
      await this.#channel.close().catch(() => undefined);
      await this.#model.close().catch(() => undefined);
    })();
    // A broker that stopped answering never sends close-ok: the socket is cut after the grace
    // (the broker then requeues what was not acknowledged, as on any lost connection).
    let grace: NodeJS.Timeout | undefined;
    const cut = new Promise<void>((resolve) => {
      grace = setTimeout(() => {
        (this.#model.connection as unknown as { stream: { destroy(): void } }).stream.destroy();
        resolve();
      }, CLOSE_GRACE_MS);
    });
    await Promise.race([graceful, cut]);
    clearTimeout(grace);
  }

  #settler(msg: ConsumeMessage): Settle {
    // `released` (unread at close): nothing is sent; closing the channel requeues the message.
    return (outcome) => {
      if (outcome === 'delivered') this.#handedOver(msg);
    };
  }

  /**
   * Acknowledges handed-over messages once per event-loop turn, with one `ack(allUpTo)` of the
   * newest. That is exact because the receive queue is FIFO: when a message is handed over,
   * every message delivered before it on this channel was handed over too (or discarded by
   * `read(-2)`, which also counts as delivered; the core never drops an acknowledged message).
   */
  #handedOver(msg: ConsumeMessage): void {
    const newest = this.#ackUpTo;
    if (newest === undefined || msg.fields.deliveryTag > newest.fields.deliveryTag) this.#ackUpTo = msg;
    if (newest === undefined) setImmediate(() => this.#flushAcks());
  }

  #flushAcks(): void {
    const newest = this.#ackUpTo;
    this.#ackUpTo = undefined;
    if (newest !== undefined) this.#ack(() => this.#channel.ack(newest, true));
  }

  #ack(send: () => void): void {
    if (this.#closing) return;
    try {
      send();
    } catch {
      // The channel is gone: the broker redelivers the message to the next consumer.
    }
  }

  #drained(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = (error?: unknown): void => {
        this.#channel.off('drain', onDrain);
        this.#channel.off('close', onClose);
        if (error === undefined) resolve();
        else reject(error);
      };
      const onDrain = (): void => done();
      const onClose = (): void => done(new Error('channel closed'));
      this.#channel.on('drain', onDrain);
      this.#channel.on('close', onClose);
    });
  }
}

function toBody(data: string | Uint8Array): Buffer {
  return typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** `promise`, or a rejection with the signal's reason once it aborts. */
function abortable(promise: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
