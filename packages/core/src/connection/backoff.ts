/** Growth factor between consecutive reconnect attempts. */
const GROWTH = 1.5;
/** Later attempts wait at most this many times `interval`. */
const MAX_FACTOR = 10;
/** Random spread added to the later attempts, as a fraction of their delay. */
const JITTER = 0.2;

/**
 * Delay before reconnect attempt `attempt` (1-based). The first attempt waits exactly
 * `intervalMs` (DESIGN §4); later ones back off by 1.5x per attempt up to 10x `intervalMs`,
 * plus up to 20% jitter so a fleet of bots does not reconnect in lockstep.
 */
export function reconnectDelay(attempt: number, intervalMs: number, random: () => number = Math.random): number {
  if (attempt <= 1) return intervalMs;
  const base = intervalMs * Math.min(GROWTH ** (attempt - 1), MAX_FACTOR);
  return Math.round(base * (1 + JITTER * random()));
}
