import { describe, expect, it } from 'vitest';
import { dial } from '../src/dial.js';
import type { Driver, Endpoint, Link } from '../src/driver/index.js';
import { Registry } from '../src/registry.js';
import type { DialError } from '../src/errors.js';

/** A driver of `kind` whose connector opens `link`; counts the links it closed. */
function driverOpening(kind: 'sql' | 'message', link: Link, closed: { count: number }): Driver<Endpoint> {
  return {
    name: 'odd',
    packageName: '@omnidial/core (tests)',
    schemes: ['odd'],
    description: 'opens the wrong kind of link',
    capabilities: { kind, reconnect: false, acknowledgements: false, proxy: false, tls: false, payload: false },
    options: {},
    examples: ['odd://x'],
    parse: ({ scheme, base }) => ({ scheme, redacted: base, secrets: [] }),
    load: async () => ({
      connect: async () =>
        ({
          ...link,
          close: async () => {
            closed.count += 1;
          },
        }) as Link,
    }),
  };
}

describe('the link a connector opens must fit the driver kind', () => {
  it('a sql driver whose link has no exec() fails the dial with Unimplemented and closes the link', async () => {
    const closed = { count: 0 };
    const registry = new Registry().register(
      driverOpening('sql', { write: async () => 0, close: async () => undefined }, closed),
    );
    const error = (await dial('odd://x', { registry }).catch((e: unknown) => e)) as DialError;
    expect(error.code).toBe('Unimplemented');
    // toMatch, not rejects.toMatchObject({ message: /…/ }): the latter ignores an Error's message.
    expect(error.message).toMatch(/without exec\(\)/);
    expect(closed.count).toBe(1);
  });

  it('a message driver whose link has no write() fails the dial with Unimplemented and closes the link', async () => {
    const closed = { count: 0 };
    const link = { exec: async () => ({ columns: [], values: [] }), close: async () => undefined };
    const registry = new Registry().register(driverOpening('message', link, closed));
    const error = (await dial('odd://x', { registry }).catch((e: unknown) => e)) as DialError;
    expect(error.code).toBe('Unimplemented');
    // toMatch, not rejects.toMatchObject({ message: /…/ }): the latter ignores an Error's message.
    expect(error.message).toMatch(/without write\(\)/);
    expect(closed.count).toBe(1);
  });

  it("a sql driver with an exec() link dials, and exec() gets the caller's signal", async () => {
    const seen: (AbortSignal | undefined)[] = [];
    const link = {
      exec: async (_sql: string, _p: readonly unknown[], signal?: AbortSignal) => {
        seen.push(signal);
        return { columns: ['v'], values: [[1]] };
      },
      close: async () => undefined,
    };
    const registry = new Registry().register(driverOpening('sql', link, { count: 0 }));
    const conn = await dial('odd://x', { registry });
    const controller = new AbortController();
    expect((await conn.exec({ sql: 'SELECT 1', signal: controller.signal })).values).toEqual([[1]]);
    expect(seen[0]).toBe(controller.signal);
    await conn.exec('SELECT 1');
    expect(seen[1]).toBeUndefined();
    await conn.close();
  });

  it('a sql link gets no login payload, even one that prepare returns', async () => {
    const link = { exec: async () => ({ columns: [], values: [] }), close: async () => undefined };
    const registry = new Registry().register(driverOpening('sql', link, { count: 0 }));
    const conn = await dial('odd://x', { registry, prepare: () => ({ payload: 'login' }) });
    expect(conn.state).toBe('open');
    await conn.close();
  });
});
