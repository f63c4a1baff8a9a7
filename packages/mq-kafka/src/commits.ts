import type { Consumer } from '@platformatic/kafka';

/**
 * Commits the offsets of messages that `read()` handed over. Settles arrive in delivery order,
 * so per partition the newest settled offset is the one to commit; commits are coalesced (one
 * request in flight, the next carrying everything settled meanwhile).
 */
export class OffsetCommitter {
  readonly #consumer: Consumer;
  readonly #topic: string;
  readonly #pending = new Map<number, bigint>();
  #inflight: Promise<void> | undefined;
  #stopped = false;

  constructor(consumer: Consumer, topic: string) {
    this.#consumer = consumer;
    this.#topic = topic;
  }

  /** Marks `offset` of `partition` as handed over; it will be committed as `offset + 1`. */
  settled(partition: number, offset: bigint): void {
    if (this.#stopped || process.env.NOCOMMIT) return;
    const next = offset + 1n;
    if ((this.#pending.get(partition) ?? -1n) < next) this.#pending.set(partition, next);
    this.#inflight ??= this.#commitLoop();
  }

  /** Stops taking new offsets and waits until what was settled is committed (or failed). */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#inflight ??= this.#pending.size > 0 ? this.#commitLoop() : undefined;
    await this.#inflight;
  }

  async #commitLoop(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    while (this.#pending.size > 0) {
      const offsets = [...this.#pending].map(([partition, offset]) => ({ topic: this.#topic, partition, offset, leaderEpoch: -1 }));
      this.#pending.clear();
      try {
        await this.#consumer.commit({ offsets });
      } catch {
        // The link is failing and reports it itself; these messages will be redelivered.
        break;
      }
    }
    this.#inflight = undefined;
  }
}
