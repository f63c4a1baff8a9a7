// write() and writeMany() of a Connection (connection/sender.ts) against the survivors of its
// mutation run on the writeNow code (a916513; issue #11.5, docs/mutation.md): each test kills
// mutants the other core tests let live. The loop driver is the real in-memory peer.
import { afterEach, describe, expect, it } from 'vitest';
import { dial, DialError, type Connection } from '../src/index.js';
import type { Driver, Endpoint } from '../src/driver/index.js';
import { Registry } from '../src/registry.js';
import { LoopServer, loopDriver } from './support/loop-driver.js';

/** A driver whose link's write throws at once, before it returns a promise. */
const throwingDriver: Driver<Endpoint> = {
  name: 'sync-throw',
  packageName: '@omnidial/core (tests)',
  schemes: ['syncthrow'],
  description: 'a link whose write throws synchronously',
  capabilities: {
    kind: 'message',
    reconnect: false,
    acknowledgements: false,
    proxy: false,
    tls: false,
    payload: false,
  },
  options: {},
  examples: ['syncthrow://x'],
  parse: ({ scheme, base }) => ({ scheme, redacted: base, secrets: [] }),
  load: async () => ({
    connect: async () => ({
      write: () => {
        throw new Error('encoder blew up');
      },
      close: async () => undefined,
    }),
  }),
};

const registry = new Registry().register(loopDriver).register(throwingDriver);
const opened: Connection[] = [];
let serial = 0;

async function open(): Promise<{ conn: Connection; server: LoopServer }> {
  const server = new LoopServer(`sends${++serial}`);
  const conn = await dial(`loop://${server.name}`, { registry });
  opened.push(conn);
  return { conn, server };
}

const failure = async (call: Promise<unknown>): Promise<DialError> =>
  (await call.catch((e: unknown) => e)) as DialError;

// Timeouts of calls that end at once are 1 s, not minutes: the deadline timer a call leaves
// (AbortSignal.timeout) is gone before later test files count active timers.
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

describe('write() and writeMany() failures', () => {
  it('bad data and a negative timeout are refused with texts that say why', async () => {
    const { conn } = await open();
    expect((await failure(conn.write(42 as unknown as string))).message).toMatch(
      /data must be a string or bytes, got a number/,
    );
    const negative = await failure(conn.write('x', -5));
    expect(negative).toMatchObject({ code: 'InvalidArgument', op: 'write' });
    expect(negative.message).toMatch(/the timeout must be 0 \(none\) or a positive number of ms, got -5/);
  });

  it('while disconnected, a write with a timeout gives 0 like one without', async () => {
    const { conn, server } = await open();
    server.drop();
    expect(await conn.write('x', 100)).toBe(0);
    expect(await conn.write('x', { signal: new AbortController().signal })).toBe(0);
  });

  it('a write the link loses (Unavailable) or that finds it closed (Closed) gives 0; writeMany names the item', async () => {
    const { conn, server } = await open();
    server.holdWrites = true;
    const lost = conn.write('a');
    const lostWithTimeout = conn.write('b', 1_000);
    const lostMany = conn.writeMany(['c', 'd'], 1_000);
    server.drop(); // the held writes now find the link gone: the loop link's send throws Unavailable
    server.releaseWrites();
    expect(await lost).toBe(0);
    expect(await lostWithTimeout).toBe(0);
    const many = await failure(lostMany);
    expect(many).toMatchObject({ name: 'DialError', code: 'Unavailable', op: 'write', index: 0 });

    const other = await open();
    other.server.breakWrites = new DialError({ code: 'Closed', message: 'the client was closed', op: 'write' });
    expect(await other.conn.write('x')).toBe(0);
    expect(await other.conn.write('x', 1_000)).toBe(0);
  });

  it('aborting the only signal of a held write cancels it', async () => {
    const { conn, server } = await open();
    server.holdWrites = true;
    const controller = new AbortController();
    const pending = conn.write('x', { signal: controller.signal });
    controller.abort();
    expect(await failure(pending)).toMatchObject({ name: 'DialError', code: 'Canceled', op: 'write' });
  });

  it('a link whose write throws at once: write() rejects with its text, with or without a timeout', async () => {
    const conn = await dial('syncthrow://x', { registry });
    opened.push(conn);
    for (const call of [conn.write('x'), conn.write('x', 1_000)]) {
      const error = await failure(call);
      expect(error).toMatchObject({ name: 'DialError', code: 'Unknown', op: 'write' });
      expect(error.message).toMatch(/encoder blew up/);
    }
  });

  it('writeMany([]) sends nothing and gives 0', async () => {
    const { conn, server } = await open();
    expect(await conn.writeMany([])).toBe(0);
    expect(await conn.writeMany([], 100)).toBe(0);
    expect(server.received).toEqual([]);
    expect(conn.stats()).toMatchObject({ sent: 0 });
  });
});
