import type { HeartbeatSpec } from './endpoint.js';

/** What the heartbeat drives. */
export interface HeartbeatTarget {
  /** Sends one ping (a control frame or a text message, per the spec). */
  ping(): void;
  /** The peer stayed silent for `timeoutMs` after a ping. */
  dead(silentMs: number): void;
}

/**
 * Sends a ping every `intervalMs` and declares the peer dead when nothing at all (pong, ping
 * or data) arrives within `timeoutMs` after a ping. `seen()` is called for every received
 * frame and only sets a flag, so it costs nothing on busy feeds.
 */
export class Heartbeat {
  readonly #spec: HeartbeatSpec;
  readonly #target: HeartbeatTarget;
  #interval: NodeJS.Timeout | undefined;
  #deadline: NodeJS.Timeout | undefined;
  #seen = true;

  constructor(spec: HeartbeatSpec, target: HeartbeatTarget) {
    this.#spec = spec;
    this.#target = target;
  }

  /** Starts pinging (no-op when the interval is 0). */
  start(): void {
    if (this.#spec.intervalMs <= 0 || this.#interval !== undefined) return;
    this.#interval = setInterval(() => this.#tick(), this.#spec.intervalMs).unref();
  }

  /** Records a sign of life. */
  seen(): void {
    this.#seen = true;
  }

  /** Stops all timers. Idempotent. */
  stop(): void {
    clearInterval(this.#interval);
    clearTimeout(this.#deadline);
    this.#interval = undefined;
    this.#deadline = undefined;
  }

  #tick(): void {
    if (this.#deadline === undefined) {
      this.#seen = false;
      this.#deadline = setTimeout(() => this.#check(), this.#spec.timeoutMs).unref();
    }
    this.#target.ping();
  }

  #check(): void {
    this.#deadline = undefined;
    if (!this.#seen) this.#target.dead(this.#spec.timeoutMs);
  }
}
