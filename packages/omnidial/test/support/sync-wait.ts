import type { SyncConnection } from '../../src/sync/index.js';

const nap = new Int32Array(new SharedArrayBuffer(4));

/** Blocks this thread until `condition()` holds (the engine thread keeps receiving meanwhile). */
export function blockUntil(condition: () => boolean, timeoutMs: number, what: string): void {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    Atomics.wait(nap, 0, 0, 5);
  }
}

/** Writes each message and blocks until it has come back into the receive queue. */
export function echoEach(conn: SyncConnection, messages: readonly string[], timeoutMs: number): void {
  for (const message of messages) {
    const before = conn.stats().received;
    if (conn.write(message) <= 0) throw new Error(`write of ${message} was not accepted`);
    blockUntil(() => conn.stats().received > before, timeoutMs, `the echo of ${message}`);
  }
}
