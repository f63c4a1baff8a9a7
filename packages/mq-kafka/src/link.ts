import type { Consumer, Message as KafkaMessage, MessagesStream, Producer } from '@platformatic/kafka';
import {
  BatchFailure,
  DeliveryBatch,
  toMessage,
  type DialError,
  type KafkaMetadata,
  type MessageLink,
  type LinkContext,
  type Message,
  type Settle,
} from '@omnidial/core/driver';
import type { KafkaEndpoint } from './address.js';
import { OffsetCommitter } from './commits.js';
import { BatchWriter } from './writer.js';

type Stream = MessagesStream<Buffer, Buffer, Buffer, Buffer>;

/** The bytes to produce: a string encoded, bytes viewed without a copy. */
function bufferOf(data: string | Uint8Array): Buffer {
  return typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

const NO_HEADERS: Readonly<Record<string, Message>> = Object.freeze({});

/** A record's headers as `readMessage()` shows them: values as text when UTF-8, else bytes. */
function headersOf(headers: KafkaMessage['headers']): Readonly<Record<string, Message>> {
  if (headers === undefined || headers.size === 0) return NO_HEADERS;
  const named: Record<string, Message> = {};
  for (const [name, value] of headers) named[name.toString('utf8')] = toMessage(value, false);
  return named;
}

/**
 * One live Kafka link: a producer for `write()` and a group consumer feeding the receive
 * queue. Offsets are committed when messages are read (never for messages released unread at
 * close); the core pauses the consumer stream while the receive queue is full.
 */
export class KafkaLink implements MessageLink {
  readonly #producer: Producer;
  readonly #consumer: Consumer;
  readonly #stream: Stream;
  readonly #context: LinkContext;
  readonly #writer: BatchWriter;
  readonly #commits: OffsetCommitter;
  readonly #binary: boolean;
  /** The records of one fetch response reach the queue in one call. */
  readonly #received: DeliveryBatch;
  #closing = false;

  constructor(endpoint: KafkaEndpoint, producer: Producer, consumer: Consumer, stream: Stream, context: LinkContext) {
    this.#producer = producer;
    this.#consumer = consumer;
    this.#stream = stream;
    this.#context = context;
    this.#writer = new BatchWriter(producer, endpoint.topic, endpoint.acks);
    this.#commits = new OffsetCommitter(consumer, endpoint.topic);
    this.#binary = context.options.binary === true;
    this.#received = new DeliveryBatch(context);
    const lost = (error?: unknown): void => this.#lost(error);
    stream.on('data', (message: KafkaMessage) => this.#receive(message));
    stream.on('error', lost);
    stream.on('close', () => lost(context.error('Unavailable', 'Kafka consumer stream ended')));
    consumer.on('consumer:heartbeat:error', ({ error }) => lost(error));
    consumer.on('error', lost);
    producer.on('error', lost);
  }

  async write(data: string | Uint8Array): Promise<number> {
    if (this.#closing) throw this.#context.error('Closed', 'link is closed');
    const value = bufferOf(data);
    try {
      await this.#writer.write(value);
    } catch (error) {
      throw this.#produceFailed(error);
    }
    return value.length;
  }

  /** `write()` without a timeout or signal: the same, without an async function's own promise and hop. */
  writeNow(data: string | Uint8Array): Promise<number> {
    if (this.#closing) throw this.#context.error('Closed', 'link is closed');
    const value = bufferOf(data);
    return this.#writer.write(value).then(
      () => value.length,
      (error: unknown) => {
        throw this.#produceFailed(error);
      },
    );
  }

  /** The items go into the pending produce request(s) at once: one promise for the batch, not one per item. */
  async writeMany(items: readonly (string | Uint8Array)[]): Promise<number> {
    if (this.#closing) throw new BatchFailure(0, this.#context.error('Closed', 'link is closed'));
    const values = new Array<Buffer>(items.length);
    let total = 0;
    for (let i = 0; i < items.length; i += 1) {
      const value = bufferOf(items[i]!);
      values[i] = value;
      total += value.length;
    }
    try {
      await this.#writer.writeAll(values);
    } catch (error) {
      const { index, cause } = error as BatchFailure;
      throw new BatchFailure(index, this.#produceFailed(cause));
    }
    return total;
  }

  /** A failed produce request: the link is lost (the core re-dials) and the write fails with this error. */
  #produceFailed(error: unknown): DialError {
    const failure = this.#context.error('Unavailable', `produce failed: ${(error as Error).message}`, error);
    this.#lost(failure);
    return failure;
  }

  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    this.#writer.fail(this.#context.error('Closed', 'link is closed'));
    await this.#commits.stop();
    await Promise.allSettled([this.#stream.close(), this.#consumer.close(true), this.#producer.close(true)]);
  }

  pause(): void {
    if (!this.#closing) this.#stream.pause();
  }

  resume(): void {
    if (!this.#closing) this.#stream.resume();
  }

  /**
   * Queues a record with its settle (the offset committed once it is read) and what
   * `readMessage()` tells about it. The offset and timestamp are converted only when
   * `readMessage()` asks (a BigInt to text and to a number cost ~150 ns a record that `read()`
   * never shows); the key and headers are decoded now, so the two functions hold what they need,
   * not the whole record (whose value is a view into the fetch response's buffer). Both are made in
   * one scope: they share one context, one allocation per record fewer than two scopes.
   */
  #receive(record: KafkaMessage): void {
    const value = record.value ?? Buffer.alloc(0);
    const { topic, partition, offset, timestamp, key } = record;
    const named = headersOf(record.headers);
    const keyed = key === undefined || key === null ? null : toMessage(key, false);
    const settle: Settle = (outcome) => {
      if (outcome === 'delivered' && !this.#closing) this.#commits.settled(partition, offset);
    };
    const metadata = (): KafkaMetadata => ({
      transport: 'kafka',
      topic,
      partition,
      offset: offset.toString(),
      key: keyed,
      headers: named,
      timestamp: Number(timestamp),
    });
    this.#received.add(toMessage(value, this.#binary), value.length, settle, metadata);
  }

  #lost(error: unknown): void {
    if (this.#closing) return;
    this.#writer.fail(error);
    this.#context.lost(error);
  }
}
