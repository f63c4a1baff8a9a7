import type { DialError } from '../errors.js';

/**
 * The client-specific steps of {@link openProbedPool}. The core imports no client library, so
 * the driver supplies each step as a callback over its own pool type `P`.
 */
export interface PoolProbe<P> {
  /** Creates the pool (synchronously; no connection needs to be open yet). */
  open(): P;
  /** Takes one connection from the pool and gives it back; rejects when the server refuses it. */
  probe(pool: P): Promise<void>;
  /** Ends the pool and its connections. A rejection is ignored. */
  destroy(pool: P): Promise<unknown>;
  /** Maps a failed probe to the error that `connect()` throws. */
  fail(error: unknown): DialError;
}

/**
 * Opens a connection pool and checks it with one connection (reachability, credentials,
 * database). The pool is destroyed when `signal` aborts during the probe or when the probe
 * fails; in the latter case the error from {@link PoolProbe.fail} is thrown.
 * @returns the pool, probed and ready for use.
 */
export async function openProbedPool<P>(signal: AbortSignal, steps: PoolProbe<P>): Promise<P> {
  const pool = steps.open();
  const abort = (): void => void steps.destroy(pool).catch(() => undefined);
  signal.addEventListener('abort', abort, { once: true });
  try {
    await steps.probe(pool);
  } catch (error) {
    abort();
    throw steps.fail(error);
  } finally {
    signal.removeEventListener('abort', abort);
  }
  return pool;
}
