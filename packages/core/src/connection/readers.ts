import type { Message } from '../driver/types.js';
import { receivedMessage, type MessageMetadata, type ReceivedMessage } from '../driver/metadata.js';
import { timerDelay } from './delay.js';

/**
 * What a waiting reader is eventually given: a message (with its metadata for a `readMessage()`
 * waiter), `""` (disconnected), `null` (timed out), or the end.
 */
export type ReadOutcome = Message | ReceivedMessage | null | typeof END | typeof DOWN;

/** Marks the end of the stream for async iteration. */
export const END: unique symbol = Symbol('omnidial.end');

/** The link dropped while a plain reader waited (`""` in the read table; not an empty message). */
export const DOWN: unique symbol = Symbol('omnidial.down');

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
  /** Wants the message with its metadata (`readMessage()`). */
  readonly full: boolean;
  timer: NodeJS.Timeout | undefined;

  constructor(
    list: Waiter[],
    resolve: (outcome: ReadOutcome) => void,
    untilEnd: boolean,
    signal: AbortSignal | undefined,
    full: boolean,
  ) {
    this.#list = list;
    this.#resolve = resolve;
    this.untilEnd = untilEnd;
    this.#signal = signal;
    this.full = full;
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
   * `null` when `signal` aborts (the caller then throws Canceled). With `full`, a message comes
   * as a {@link ReceivedMessage}.
   */
  wait(
    timeoutMs: number | undefined,
    signal: AbortSignal | undefined,
    untilEnd: boolean,
    full = false,
  ): Promise<ReadOutcome> {
    return new Promise<ReadOutcome>((resolve) => {
      const waiter = new Waiter(this.#waiters, resolve, untilEnd, signal, full);
      this.#waiters.push(waiter);
      const delay = timerDelay(timeoutMs);
      if (delay !== undefined) waiter.timer = setTimeout(timedOut, delay, waiter);
      signal?.addEventListener('abort', waiter, { once: true });
    });
  }

  /** Gives `message` to the oldest waiter; false when nobody waits. */
  offer(message: Message, meta: MessageMetadata | undefined, at: number): boolean {
    const waiter = this.#waiters[0];
    if (waiter === undefined) return false;
    waiter.resolve(waiter.full ? receivedMessage(message, meta, at) : message);
    return true;
  }

  /** The link dropped: plain readers get {@link DOWN}; iterators keep waiting unless `final`. */
  disconnected(final: boolean): void {
    for (const waiter of [...this.#waiters]) {
      if (final) waiter.resolve(waiter.untilEnd ? END : DOWN);
      else if (!waiter.untilEnd) waiter.resolve(DOWN);
    }
  }
}
