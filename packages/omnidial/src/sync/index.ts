/**
 * `omnidial/sync`: FMZ's blocking `Dial()`, `read()`, `write()` and `exec()` (docs/design.md#sync-and-run).
 *
 * ```js
 * import { Dial, lastError } from 'omnidial/sync';
 * const ws = Dial('wss://example.com/feed|reconnect=true');
 * if (!ws) throw lastError();
 * const msg = ws.read(2000); // string, Buffer, null (timeout) or "" (disconnected)
 * ```
 *
 * The connections live in one engine worker thread per calling thread, running the async
 * core; each call blocks its thread on `Atomics.wait` until the engine answers. Works in the
 * main thread and in worker threads; `Dial(conn.fd())` shares a connection between threads.
 * @packageDocumentation
 */
import type { DialOptions } from '@omnidial/core';
import { call, Interrupted } from './channel.js';
import { SyncConnection } from './connection.js';
import { failed, lastError } from './last-error.js';
import type { DialedInfo } from './protocol.js';

export { SyncConnection, type SyncStats } from './connection.js';
export { lastError } from './last-error.js';
export { Interrupted } from './channel.js';

/** The options form of `Dial()`'s second argument; everything must be cloneable (no functions). */
export type SyncDialOptions = Omit<DialOptions, 'signal' | 'registry'>;

/**
 * Connects and blocks until the connection is up: a {@link SyncConnection}, or `null` with
 * the reason in {@link lastError}. `timeout` is in seconds (or an options object); a number
 * from `conn.fd()` (of any thread, sync or async) attaches to that same connection.
 */
export function Dial(address: string | number, timeout?: number | SyncDialOptions): SyncConnection | null {
  try {
    return new SyncConnection(call('dial', 0, [address, timeout]) as DialedInfo);
  } catch (error) {
    if (error instanceof Interrupted) throw error;
    failed(error);
    return null;
  }
}

/**
 * Lets go of the database an `fd()` handle of `sqlite3://:memory:` keeps alive (docs/design.md#handles).
 * True when the handle was known and is now released.
 */
export function release(handle: number): boolean {
  try {
    return call('release', 0, [handle]) as boolean;
  } catch (error) {
    if (error instanceof Interrupted) throw error;
    failed(error);
    return false;
  }
}
