import { expect, it } from 'vitest';
import { dial } from '../dial.js';
import type { Connector, Driver, Endpoint, MessageLink } from '../driver/types.js';
import { Registry } from '../registry.js';
import { text, waitFor, withOptions, type Suite } from './helpers.js';

/** The driver, with every link's completed writes and every new link recorded in `log`. */
function recording(driver: Driver<Endpoint>, log: string[]): Driver<Endpoint> {
  const record = (link: MessageLink): MessageLink => {
    const wrapped: MessageLink = {
      write: async (data, signal) => {
        const bytes = await link.write(data, signal);
        log.push(`wrote ${text(Buffer.from(data))}`);
        return bytes;
      },
      close: () => link.close(),
    };
    if (link.pause !== undefined) wrapped.pause = () => link.pause!();
    if (link.resume !== undefined) wrapped.resume = () => link.resume!();
    return wrapped;
  };
  return {
    ...driver,
    load: async (): Promise<Connector<Endpoint>> => {
      const connector = await driver.load();
      return {
        connect: async (endpoint, context) => {
          const link = await connector.connect(endpoint, context);
          log.push('connected');
          return record(link as MessageLink); // this part runs for message drivers only
        },
      };
    },
  };
}

/**
 * Payload before open (docs/design.md#public-api, #address-grammar): the connect payloads are written, in order, before
 * `dial()` resolves, and before `reconnect` (and the state `open`) after every re-dial; the
 * peer receives them.
 */
export function payloadFirst(suite: Suite): void {
  const { harness } = suite.input;
  it(
    'writes every payload before dial() resolves and before each reconnect counts as open',
    async () => {
      const log: string[] = [];
      const registry = new Registry().register(recording(suite.input.driver, log));
      const address = withOptions(
        await harness.address(),
        'payload=login-1&payload=login-2&reconnect=true&interval=100',
      );
      const conn = await dial(address, { registry });
      try {
        log.push('dial resolved');
        conn.on('reconnect', () => log.push(`open (state ${conn.state})`));
        expect(log).toEqual(['connected', 'wrote login-1', 'wrote login-2', 'dial resolved']);
        let echoed = '';
        const deadline = Date.now() + suite.patienceMs;
        while (!echoed.includes('login-1login-2') && Date.now() < deadline) {
          const message = await conn.read(100);
          if (message !== null) echoed += text(message);
        }
        expect(echoed, 'the peer echoes both payloads, in order').toContain('login-1login-2');
        await harness.drop!();
        await harness.restore!();
        await waitFor(() => log.length >= 8, suite.patienceMs * 3, 'the reconnect');
        expect(log.slice(4)).toEqual(['connected', 'wrote login-1', 'wrote login-2', 'open (state open)']);
      } finally {
        await conn.close();
      }
    },
    suite.patienceMs * 6,
  );
}
