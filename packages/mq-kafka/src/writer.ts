import type { Producer } from '@platformatic/kafka';
import { BatchFailure } from '@omnidial/core/driver';

/** Most messages put in one produce request. */
const MAX_BATCH = 1000;

/** One produce request being gathered: its messages and the promise all its writes share. */
interface Batch {
  readonly messages: { topic: string; value: Buffer }[];
  readonly done: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Groups the writes made in one run of synchronous code (say, a loop of `write()` calls
 * awaited together) into one produce request, so they cost one round trip, while a lone write
 * goes out at once (no linger). Each write resolves when the broker acknowledged its batch; the writes of a batch
 * share one promise, so a write costs no promise or closure of its own here.
 */
export class BatchWriter {
  readonly #producer: Producer;
  readonly #topic: string;
  readonly #acks: -1 | 0 | 1;
  #batch: Batch | undefined;

  constructor(producer: Producer, topic: string, acks: -1 | 0 | 1) {
    this.#producer = producer;
    this.#topic = topic;
    this.#acks = acks;
  }

  /** Queues `value` for the next batch; resolves once the broker has it. */
  write(value: Buffer): Promise<void> {
    const batch = this.#batch ?? this.#open();
    batch.messages.push({ topic: this.#topic, value });
    if (batch.messages.length >= MAX_BATCH) this.#flush(batch);
    return batch.done;
  }

  /**
   * Queues every value (in as many requests as {@link MAX_BATCH} makes); resolves once the broker
   * has them all. A failed request rejects with a {@link BatchFailure} naming its first value.
   */
  writeAll(values: readonly Buffer[]): Promise<void> {
    const requests: Promise<void>[] = [];
    const topic = this.#topic;
    // One pass per produce request, not per value: a batch of 1,000 writes is one loop of pushes.
    for (let i = 0; i < values.length;) {
      const batch = this.#batch ?? this.#open();
      const first = i;
      const { messages } = batch;
      const end = Math.min(values.length, i + MAX_BATCH - messages.length);
      for (; i < end; i += 1) messages.push({ topic, value: values[i]! });
      requests.push(
        batch.done.catch((error: unknown) => {
          throw new BatchFailure(first, error);
        }),
      );
      if (messages.length >= MAX_BATCH) this.#flush(batch);
    }
    return Promise.all(requests).then(() => undefined);
  }

  /** Fails every write not yet sent. */
  fail(error: unknown): void {
    const batch = this.#batch;
    this.#batch = undefined;
    batch?.reject(error);
  }

  #open(): Batch {
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Nobody may be left listening (every write of the batch aborted): never an unhandled rejection.
    done.catch(() => undefined);
    const batch: Batch = { messages: [], done, resolve, reject };
    this.#batch = batch;
    // Sent once the code that is running now is done: the writes it makes share the request,
    // and a lone write goes out without waiting for the next event-loop turn.
    queueMicrotask(() => this.#flush(batch));
    return batch;
  }

  #flush(batch: Batch): void {
    if (this.#batch !== batch) return; // already sent (full) or failed
    this.#batch = undefined;
    // acks on every send: @platformatic/kafka 1.35 ignores the constructor's `acks` in send()
    // and uses 1 (leader only), so a leader killed before replicating loses acknowledged writes.
    this.#producer.send({ messages: batch.messages, acks: this.#acks }).then(batch.resolve, batch.reject);
  }
}
