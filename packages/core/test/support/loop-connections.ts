import { afterEach } from 'vitest';
import { dial, type Connection } from '../../src/index.js';
import { Registry } from '../../src/registry.js';
import { loopDriver } from './loop-driver.js';

/** The registry with `loop://` in it. */
export const loopRegistry = new Registry().register(loopDriver);

/**
 * `open(address or handle)` dials through {@link loopRegistry}; every connection it opened is closed after
 * each test of the file that calls this (at its top level).
 */
export function loopConnections(): (target: Parameters<typeof dial>[0]) => Promise<Connection> {
  const opened: Connection[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((c) => c.close()));
  });
  return async (target) => {
    const conn = await dial(target, { registry: loopRegistry });
    opened.push(conn);
    return conn;
  };
}
