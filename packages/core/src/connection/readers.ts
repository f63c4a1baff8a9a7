import type { Message } from '../driver/types.js';

/** What a waiting reader is eventually given: a message, `""` (disconnected), `null` (timed out), or the end. */
export type ReadOutcome = Message | null | typeof END;

/** Marks the end of the stream for async iteration. */
export const END: unique symbol = Symbol('omnidial.end');

interface Waiter {
  resolve(outcome: ReadOutcome): void;
  /** Iterators wait across reconnects and only end when the connection is finished. */
  untilEnd: boolean;
  cleanup(): void;
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
      let timer: NodeJS.Timeout | undefined;
      const onAbort = (): void => settle(null);
      const waiter: Waiter = {
        untilEnd,
        resolve: (outcome) => settle(outcome),
        cleanup: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        },
      };
      const settle = (outcome: ReadOutcome): void => {
        const index = this.#waiters.indexOf(waiter);
        if (index === -1) return;
        this.#waiters.splice(index, 1);
        waiter.cleanup();
        resolve(outcome);
      };
      this.#waiters.push(waiter);
      if (timeoutMs !== undefined) timer = setTimeout(() => settle(null), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
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
