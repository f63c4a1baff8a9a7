/** Growth factor between consecutive reconnect attempts. */
const GROWTH = 1.5;
/** Later attempts wait at most this many times `interval`... */
const MAX_FACTOR = 10;
/** ...or this long, whichever is more: a flapping server is never hit more than ~2x a minute. */
const MIN_CAP_MS = 30_000;
/** Random spread taken off the later attempts, as a fraction of their delay. */
const JITTER = 0.2;
/** A link counts as healthy after staying up this long (or 3 intervals, whichever is more). */
const MIN_HEALTHY_MS = 5000;
/** ...measured in intervals. */
const HEALTHY_INTERVALS = 3;

/**
 * Delay before reconnect attempt `attempt` (1-based). The first attempt waits exactly
 * `intervalMs` (docs/design.md#address-grammar); later ones back off by 1.5x per attempt, capped at
 * max(10 x `intervalMs`, 30 s), minus up to 20% jitter so a fleet of bots does not reconnect
 * in lockstep (the cap is a hard upper bound, and attempt 2 still waits more than `intervalMs`).
 */
export function reconnectDelay(attempt: number, intervalMs: number, random: () => number = Math.random): number {
  if (attempt <= 1) return intervalMs;
  const base = Math.min(intervalMs * GROWTH ** (attempt - 1), backoffCapMs(intervalMs));
  return Math.round(base * (1 - JITTER * random()));
}

/** The longest wait between two reconnect attempts: max(10 x `intervalMs`, 30 s). */
export function backoffCapMs(intervalMs: number): number {
  return Math.max(intervalMs * MAX_FACTOR, MIN_CAP_MS);
}

/** How long a link must stay up before a drop counts as new trouble: max(5 s, 3 x `intervalMs`). */
export function healthyAfterMs(intervalMs: number): number {
  return Math.max(MIN_HEALTHY_MS, HEALTHY_INTERVALS * intervalMs);
}
