import { expect, it } from 'vitest';
import { dial } from '../dial.js';
import { DialError } from '../errors.js';
import type { Suite } from './helpers.js';

/**
 * A named thing the server does not have (a database, a vhost, a socket file, a
 * WebSocket path answering 404) is `NotFound` and not retryable, for every driver: re-dialing
 * cannot create it, so `dial()` rejects at once, also with `reconnect=true`.
 */
export function notFound(suite: Suite): void {
  it('reports a missing named resource as NotFound, not retryable, at once even with reconnect=true', async () => {
    const address = await suite.input.harness.missingAddress!();
    const reconnect = suite.input.driver.capabilities.reconnect ? { reconnect: true, interval: 50 } : {};
    const outcome = await dial(address, {
      registry: suite.registry,
      timeout: suite.patienceMs / 1000,
      ...reconnect,
    }).then(
      (conn) => {
        suite.track(conn);
        return conn;
      },
      (error: unknown) => error,
    );
    expect(outcome, 'dial() of a missing resource must reject').toBeInstanceOf(DialError);
    const error = outcome as DialError;
    expect(error.code, error.message).toBe('NotFound');
    expect(error.retryable).toBe(false);
    expect(error.op).toBe('dial');
  });
}
