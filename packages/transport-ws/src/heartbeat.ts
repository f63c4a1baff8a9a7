import type { HeartbeatSpec } from './endpoint.js';
import { TimerLanes } from './timer-lanes.js';

/** What the heartbeat drives. */
export interface HeartbeatTarget {
  /** Sends one ping (a control frame or a text message, per the spec). */
  heartbeatPing(): void;
  /** The peer stayed silent for `timeoutMs` after a ping. */
  heartbeatDead(silentMs: number): void;
}

/** Every heartbeat's pings: one timer per interval length, shared by all the links that use it. */
const pings = new TimerLanes<Heartbeat>((heartbeat) => heartbeat.tick());
/** Every heartbeat's wait for a sign of life after a ping: one timer per timeout length. */
const checks = new TimerLanes<Heartbeat>((heartbeat) => heartbeat.check());

/** @internal Heartbeats waiting to ping and Node timers armed for them, for tests. */
export function heartbeatTimers(): { members: number; timers: number } {
  return pings.counts();
}

/**
 * Sends a ping every `intervalMs` and declares the peer dead when nothing at all (pong, ping
 * or data) arrives within `timeoutMs` after a ping. `seen()` is called for every received
 * frame and only sets a flag, so it costs nothing on busy feeds. The timers are shared
 * ({@link TimerLanes}): an idle link holds no timer of its own, and a ping allocates none.
 */
export class Heartbeat {
  readonly #spec: HeartbeatSpec;
  readonly #target: HeartbeatTarget;
  #running = false;
  #waiting = false;
  #seen = true;

  constructor(spec: HeartbeatSpec, target: HeartbeatTarget) {
    this.#spec = spec;
    this.#target = target;
  }

  /** Starts pinging (no-op when the interval is 0). */
  start(): void {
    if (this.#spec.intervalMs <= 0 || this.#running) return;
    this.#running = true;
    pings.add(this, this.#spec.intervalMs);
  }

  /** Records a sign of life. */
  seen(): void {
    this.#seen = true;
  }

  /** Stops all timers. Idempotent. */
  stop(): void {
    if (this.#running) pings.delete(this, this.#spec.intervalMs);
    if (this.#waiting) checks.delete(this, this.#spec.timeoutMs);
    this.#running = false;
    this.#waiting = false;
  }

  /** The interval elapsed (called by the shared ping timer): pings, and waits for life unless already waiting. */
  tick(): void {
    pings.add(this, this.#spec.intervalMs);
    if (!this.#waiting) {
      this.#waiting = true;
      this.#seen = false;
      checks.add(this, this.#spec.timeoutMs);
    }
    this.#target.heartbeatPing();
  }

  /** The wait after a ping is over (called by the shared check timer). */
  check(): void {
    this.#waiting = false;
    if (!this.#seen) this.#target.heartbeatDead(this.#spec.timeoutMs);
  }
}
