import { afterEach, describe, expect, it } from 'vitest';
import { dial } from '../src/dial.js';
import type { Connection } from '../src/connection/connection.js';
import { DEFAULT_QUEUE_BYTES } from '../src/driver/common-options.js';
import { MAX_TIMER_MS } from '../src/connection/delay.js';
import { handleCount, MAX_RELEASED_HANDLES } from '../src/handles/owner.js';
import { Registry } from '../src/registry.js';
import { DialError } from '../src/errors.js';
import type { Driver, Endpoint } from '../src/driver/index.js';
import { LoopServer, loopDriver } from './support/loop-driver.js';

/** A driver whose parse throws what a client library throws on a bad escape: a raw URIError. */
const uriErrorDriver: Driver<Endpoint> = {
  ...(loopDriver as unknown as Driver<Endpoint>),
  name: 'urierror',
  schemes: ['urierror'],
  parse: ({ base }) => ({
    scheme: 'urierror',
    redacted: base,
    secrets: [],
    server: decodeURIComponent(base.slice(11)),
  }),
};
const registry = new Registry().register(loopDriver).register(uriErrorDriver);
const opened: Connection[] = [];
let serial = 0;

async function open(options = ''): Promise<{ conn: Connection; server: LoopServer }> {
  const server = new LoopServer(`limits${++serial}`);
  const conn = await dial(`loop://${server.name}${options === '' ? '' : `|${options}`}`, { registry });
  opened.push(conn);
  return { conn, server };
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

describe('bounded by default', () => {
  it(`the receive queue holds at most qbytes (default ${DEFAULT_QUEUE_BYTES}) plus one message`, async () => {
    const { conn, server } = await open();
    const message = 'x'.repeat(5 * 1024 * 1024);
    for (let i = 0; i < 40; i++) server.push(message); // 200 MiB offered, nobody reads
    const stats = conn.stats();
    expect(stats.queuedBytes).toBeLessThanOrEqual(DEFAULT_QUEUE_BYTES + message.length);
    expect(stats.queuedBytes).toBeGreaterThan(DEFAULT_QUEUE_BYTES - message.length);
    expect(stats.dropped).toBe(40 - stats.queued);
  });

  it('read(Infinity) and a timeout beyond the timer range wait instead of firing at once', async () => {
    const { conn, server } = await open();
    for (const timeout of [Number.POSITIVE_INFINITY, MAX_TIMER_MS + 1, 1e12]) {
      const pending = conn.read(timeout);
      const early = await Promise.race([pending, new Promise((resolve) => setTimeout(resolve, 100, 'still waiting'))]);
      expect(early, `read(${timeout})`).toBe('still waiting');
      server.push('late');
      expect(await pending).toBe('late');
    }
    expect(await conn.write('w', 1e12)).toBe(1);
  });

  it('dial() with an unbounded connect timeout connects', async () => {
    const server = new LoopServer(`limits${++serial}`);
    const conn = await dial(`loop://${server.name}`, { registry, timeout: Number.POSITIVE_INFINITY });
    opened.push(conn);
    expect(conn.state).toBe('open');
  });

  it(`remembers at most ${MAX_RELEASED_HANDLES} released handles`, async () => {
    const before = handleCount();
    for (let i = 0; i < MAX_RELEASED_HANDLES + 200; i++) {
      const { conn } = await open();
      conn.fd();
      await conn.close();
      opened.pop();
    }
    expect(handleCount() - before).toBeLessThanOrEqual(MAX_RELEASED_HANDLES);
    expect(handleCount()).toBeLessThanOrEqual(MAX_RELEASED_HANDLES + 10);
  }, 120_000);
});

describe('bad input from a client library is an InvalidArgument', () => {
  it('a raw URIError during parse becomes DialError(InvalidArgument) without the secret', async () => {
    const error = await dial('urierror://%zz-Secret-77', { registry }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DialError);
    expect(error).toMatchObject({ code: 'InvalidArgument', op: 'parse' });
    expect((error as DialError).cause).toBeInstanceOf(URIError);
  });
});
