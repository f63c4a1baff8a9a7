import type { Message } from '../driver/types.js';
import { timerDelay } from './delay.js';

/** What a waiting reader is eventually given: a message, `""` (disconnected), `null` (timed out), or the end. */
export type ReadOutcome = Message | null | typeof END;

/** Marks the end of the stream for async iteration. */
export const END: unique symbol = Symbol('omnidial.end');

/**
 * One waiting reader. A class (not a set of closures) because one is made per waiting `read()`:
 * it is its own abort listener (`handleEvent`) and its timer's argument.
 */
class Waiter {
  readonly #list: Waiter[];
  readonly #resolve: (outcome: ReadOutcome) => void;
  readonly #signal: AbortSignal | undefined;
  /** Iterators wait across reconnects and only end when the connection is finished. */
  readonly untilEnd: boolean;
  timer: NodeJS.Timeout | undefined;

  constructor(list: Waiter[], resolve: (outcome: ReadOutcome) => void, untilEnd: boolean, signal: AbortSignal | undefined) {
    this.#list = list;
    this.#resolve = resolve;
    this.untilEnd = untilEnd;
    this.#signal = signal;
  }

  /** Leaves the list and settles; does nothing when already settled. */
  resolve(outcome: ReadOutcome): void {
    const index = this.#list.indexOf(this);
    if (index === -1) return;
    this.#list.splice(index, 1);
    clearTimeout(this.timer);
    this.#signal?.removeEventListener('abort', this);
    this.#resolve(outcome);
  }

  /** The signal aborted: settles with `null` (the caller then throws Canceled). */
  handleEvent(): void {
    this.resolve(null);
  }
}

function timedOut(waiter: Waiter): void {
  waiter.resolve(null);
}

/**
 * FIFO of readers waiting for a message. A message is handed to exactly one waiter,
 * synchronously, so a reader that times out or is aborted can never take a message with it.
 */
export class WaitingReaders {
  #waiters: Waiter[] = [];

  get size(): number {
    return this.#waiters.length;
  }

  /**
   * Waits for the next message. Settles with `null` after `timeoutMs` (when given), and with
   * `null` when `signal` aborts (the caller then throws Canceled).
   */
  wait(timeoutMs: number | undefined, signal: AbortSignal | undefined, untilEnd: boolean): Promise<ReadOutcome> {
    return new Promise<ReadOutcome>((resolve) => {
      const waiter = new Waiter(this.#waiters, resolve, untilEnd, signal);
      this.#waiters.push(waiter);
      const delay = timerDelay(timeoutMs);
      if (delay !== undefined) waiter.timer = setTimeout(timedOut, delay, waiter);
      signal?.addEventListener('abort', waiter, { once: true });
    });
  }

  /** Gives `message` to the oldest waiter; false when nobody waits. */
  offer(message: Message): boolean {
    const waiter = this.#waiters[0];
    if (waiter === undefined) return false;
    waiter.resolve(message);
    return true;
  }

  /** The link dropped: plain readers get `""`; iterators keep waiting unless `final`. */
  disconnected(final: boolean): void {
    for (const waiter of [...this.#waiters]) {
      if (final) waiter.resolve(waiter.untilEnd ? END : '');
      else if (!waiter.untilEnd) waiter.resolve('');
    }
  }
}
