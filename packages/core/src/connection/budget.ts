import { healthyAfterMs, reconnectDelay } from './backoff.js';

/** `performance.now()`, one function for every budget (not a bound copy each). */
function monotonicNow(): number {
  return performance.now();
}

/** The next reconnect attempt: its number (from 1) and the wait before it. */
export interface NextAttempt {
  attempt: number;
  delayMs: number;
}

/**
 * Counts reconnect attempts across flaps. A link that drops before it has been up for
 * {@link healthyAfterMs} does not reset the count, so a server that accepts and closes at
 * once meets a growing backoff and `retry=` still fires; only a link that stayed up that long
 * starts the count again, so the first retry after a healthy period comes after `interval`.
 */
export class ReconnectBudget {
  readonly #intervalMs: number;
  readonly #retry: number;
  readonly #healthyMs: number;
  readonly #now: () => number;
  #attempt = 0;
  #openedAt: number | undefined;

  /** @param retry attempts before giving up; 0 = unlimited. */
  constructor(intervalMs: number, retry: number, now: () => number = monotonicNow) {
    this.#intervalMs = intervalMs;
    this.#retry = retry;
    this.#healthyMs = healthyAfterMs(intervalMs);
    this.#now = now;
  }

  /** Attempts made since the count last started. */
  get attempt(): number {
    return this.#attempt;
  }

  /** A link is up; it becomes healthy once it has stayed up long enough. */
  opened(): void {
    this.#openedAt = this.#now();
  }

  /** The link dropped, or a re-dial failed: the next attempt, or undefined once `retry` is used up. */
  next(): NextAttempt | undefined {
    if (this.#openedAt !== undefined && this.#now() - this.#openedAt >= this.#healthyMs) this.#attempt = 0;
    this.#openedAt = undefined;
    if (this.#retry > 0 && this.#attempt >= this.#retry) return undefined;
    this.#attempt += 1;
    return { attempt: this.#attempt, delayMs: reconnectDelay(this.#attempt, this.#intervalMs) };
  }
}
