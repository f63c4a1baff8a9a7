import type { Connection } from '@omnidial/core';
import type { TextGuard } from './safe-text.js';

/**
 * A one-line live status on stderr (connecting, reconnecting with the attempt count,
 * messages/s). Active only when stderr is a terminal and not `--quiet`; otherwise every call
 * does nothing, so pipes and logs stay clean.
 */
export class StatusLine {
  readonly #stream: NodeJS.WriteStream;
  readonly #enabled: boolean;
  readonly #guard: TextGuard;
  #shown = false;
  #timer: NodeJS.Timeout | undefined;

  /** `guard` redacts and sanitises every text before it is shown (the core's redaction). */
  constructor(stream: NodeJS.WriteStream, quiet: boolean, guard: TextGuard) {
    this.#stream = stream;
    this.#guard = guard;
    this.#enabled = !quiet && stream.isTTY === true;
  }

  /** Whether the line is shown at all (stderr a terminal, not --quiet): callers skip building texts it would drop. */
  get enabled(): boolean {
    return this.#enabled;
  }

  /** Replaces the status text. */
  set(text: string): void {
    if (!this.#enabled) return;
    const width = Math.max(20, (this.#stream.columns ?? 80) - 1);
    this.#stream.write(`\r\x1b[2K\x1b[2m${this.#guard(text).slice(0, width)}\x1b[0m`);
    this.#shown = true;
  }

  /** Erases the status line (call before writing to a terminal stdout). */
  clear(): void {
    if (!this.#shown) return;
    this.#stream.write('\r\x1b[2K');
    this.#shown = false;
  }

  /** Follows `conn`: reconnect attempts as they happen, and a messages/s line every second. */
  follow(conn: Connection): void {
    if (!this.#enabled) return;
    conn.on('reconnecting', ({ attempt, delayMs }) =>
      this.set(`reconnecting to ${conn.address} (attempt ${attempt}, in ${delayMs} ms)…`),
    );
    conn.on('disconnect', (error) => this.set(`disconnected: ${error.message}`));
    let last = conn.stats().received;
    let lastAt = Date.now();
    this.#timer = setInterval(() => {
      const stats = conn.stats();
      const now = Date.now();
      const rate = ((stats.received - last) * 1000) / Math.max(1, now - lastAt);
      last = stats.received;
      lastAt = now;
      if (stats.state === 'open') {
        this.set(
          `${conn.address} · ${stats.received} received · ${rate.toFixed(1)} msg/s · ${stats.reconnects} reconnects · ${stats.dropped} dropped`,
        );
      }
    }, 1000);
    this.#timer.unref();
  }

  /** Stops updating and erases the line. */
  stop(): void {
    clearInterval(this.#timer);
    this.clear();
  }
}
