import type { Consumer } from '@platformatic/kafka';

/**
 * Least time between the starts of two commit requests. A commit is one broker round trip
 * plus a write to `__consumer_offsets`; sending one per read costs the broker (and the fetches
 * and produces waiting behind it) far more than the read itself. A reader idle for longer than
 * this commits at once; a busy one commits at most this often, always the newest offsets.
 */
export const COMMIT_INTERVAL_MS = 50;

/**
 * Commits the offsets of messages that `read()` handed over. Settles arrive in delivery order,
 * so per partition the newest settled offset is the one to commit. Commits are coalesced: one
 * request in flight, at most one per {@link COMMIT_INTERVAL_MS}, each carrying everything
 * settled since the previous one. Only settled offsets are ever committed (at-least-once);
 * `stop()` flushes what is still pending.
 */
export class OffsetCommitter {
  readonly #consumer: Consumer;
  readonly #topic: string;
  readonly #intervalMs: number;
  readonly #pending = new Map<number, bigint>();
  #inflight: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #lastStart = Number.NEGATIVE_INFINITY;
  #stopped = false;

  constructor(consumer: Consumer, topic: string, intervalMs = COMMIT_INTERVAL_MS) {
    this.#consumer = consumer;
    this.#topic = topic;
    this.#intervalMs = intervalMs;
  }

  /** Marks `offset` of `partition` as handed over; it will be committed as `offset + 1`. */
  settled(partition: number, offset: bigint): void {
    if (this.#stopped) return;
    const previous = this.#pending.get(partition);
    if (previous === undefined || previous <= offset) this.#pending.set(partition, offset);
    if (this.#inflight === undefined && this.#timer === undefined) this.#schedule();
  }

  /** Stops taking new offsets and waits until what was settled is committed (or failed). */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#inflight;
    if (this.#pending.size > 0) await this.#commit();
  }

  /** Commits after the interval since the previous commit's start (at once when it has passed). */
  #schedule(): void {
    const wait = this.#lastStart + this.#intervalMs - performance.now();
    if (wait <= 0) {
      // Still one event-loop turn, so the reads of this turn go into the same request.
      this.#timer = setTimeout(() => this.#fire(), 0);
    } else {
      this.#timer = setTimeout(() => this.#fire(), wait);
    }
    this.#timer.unref();
  }

  #fire(): void {
    this.#timer = undefined;
    if (this.#stopped || this.#pending.size === 0) return;
    this.#inflight = this.#commit().finally(() => {
      this.#inflight = undefined;
      if (!this.#stopped && this.#pending.size > 0) this.#schedule();
    });
  }

  async #commit(): Promise<void> {
    this.#lastStart = performance.now();
    const offsets = [...this.#pending].map(([partition, offset]) => ({
      topic: this.#topic,
      partition,
      offset: offset + 1n,
      leaderEpoch: -1,
    }));
    this.#pending.clear();
    try {
      await this.#consumer.commit({ offsets });
    } catch {
      // The link is failing and reports it itself; these messages will be redelivered.
    }
  }
}
