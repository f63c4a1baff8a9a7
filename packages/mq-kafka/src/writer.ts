import type { Producer } from '@platformatic/kafka';

interface Pending {
  value: Buffer;
  resolve(): void;
  reject(error: unknown): void;
}

/** Most messages put in one produce request. */
const MAX_BATCH = 1000;

/**
 * Groups the writes made in the same turn of the event loop into one produce request, so
 * concurrent `write()` calls cost one round trip, while a lone write goes out at once (no
 * linger). Each write resolves when the broker acknowledged its batch.
 */
export class BatchWriter {
  readonly #producer: Producer;
  readonly #topic: string;
  #batch: Pending[] = [];
  #scheduled = false;

  constructor(producer: Producer, topic: string) {
    this.#producer = producer;
    this.#topic = topic;
  }

  /** Queues `value` for the next batch; resolves once the broker has it. */
  write(value: Buffer): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#batch.push({ value, resolve, reject });
      if (this.#batch.length >= MAX_BATCH) this.#flush();
      else if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  /** Fails every write not yet sent. */
  fail(error: unknown): void {
    for (const pending of this.#batch.splice(0)) pending.reject(error);
  }

  #flush(): void {
    this.#scheduled = false;
    const batch = this.#batch.splice(0);
    if (batch.length === 0) return;
    const topic = this.#topic;
    this.#producer.send({ messages: batch.map(({ value }) => ({ topic, value })) }).then(
      () => { for (const pending of batch) pending.resolve(); },
      (error: unknown) => { for (const pending of batch) pending.reject(error); },
    );
  }
}
