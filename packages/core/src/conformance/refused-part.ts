import { createServer } from 'node:net';
import { expect, it } from 'vitest';
import { dial } from '../dial.js';
import { DialError } from '../errors.js';
import type { Suite } from './helpers.js';

/** The first `host:port` of an address (after `//` and any user info), the node a dial goes to first. */
const FIRST_NODE = /^([a-z][a-z0-9+.-]*:\/\/(?:[^/?#|@]*@)?)([^/?#|,]+)/i;

/** Whether this part applies: the harness address names a network node (`scheme://host:port`). */
export function namesNetworkNode(address: string): boolean {
  return FIRST_NODE.test(address) && /:\d+$/.test(FIRST_NODE.exec(address)![2]!);
}

/**
 * A server that refuses the connection is `Unavailable` (or, for a client that keeps trying
 * until the dial's deadline, `Timeout`): retryable, whatever its port's digits. The port is one
 * of 40300–40399, so a driver that looks for a status code such as 403 in an error text (which
 * carries the address) is caught calling a refused port a refused login. With `nodeList`, the
 * same refused node ahead of the live one must be passed over.
 */
export function refused(suite: Suite): void {
  it('reports a server that refuses the connection as retryable, whatever digits its port has', async ({ skip }) => {
    const live = await suite.input.harness.address();
    if (!namesNetworkNode(live)) {
      skip(
        `no host:port in this scheme's address; checked live by "conformance: tcp > refused" and every broker's and database's run`,
      );
      return;
    }
    const node = `127.0.0.1:${await refusingPort()}`;
    const address = live.replace(FIRST_NODE, `$1${node}`);
    const outcome = await dial(address, { registry: suite.registry, timeout: 5 }).then(
      (conn) => {
        suite.track(conn);
        return conn;
      },
      (error: unknown) => error,
    );
    expect(outcome, `dial() of ${node}, where nothing listens, must reject`).toBeInstanceOf(DialError);
    const error = outcome as DialError;
    expect(['Unavailable', 'Timeout'], error.message).toContain(error.code);
    expect(error.retryable).toBe(true);
  });

  it('passes over a refusing node listed ahead of a live one, whatever digits its port has', async ({ skip }) => {
    if (suite.input.harness.nodeList !== true) {
      skip(
        'this run lists one node (its harness sets no nodeList); node lists are checked live by "conformance: amqp > refused", ' +
          '"conformance: nats > refused", "conformance: kafka > refused" and "conformance: mqtt qos=1 > refused"',
      );
      return;
    }
    const node = `127.0.0.1:${await refusingPort()}`;
    const address = (await suite.input.harness.address()).replace(FIRST_NODE, `$1${node},$2`);
    const conn = await suite.openAt(address);
    const token = `refused-${Math.random().toString(36).slice(2)}`;
    await conn.write(token);
    const deadline = Date.now() + suite.patienceMs;
    let got: unknown = null;
    while (got === null && Date.now() < deadline) got = await conn.read(200);
    expect(String(got)).toBe(token);
  });
}

/** A 127.0.0.1 port from 40300–40399 that nothing listens on (it was free a moment ago). */
async function refusingPort(): Promise<number> {
  for (let port = 40300; port < 40400; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port in 40300–40399');
}
