// The read table across read(), readMany() and the iterator, on the loop driver (issue #11.5:
// each test kills mutants of connection/receive.ts and readers.ts the other tests let live).
import { afterEach, describe, expect, it } from 'vitest';
import { dial, DialError, type Connection } from '../src/index.js';
import { Registry } from '../src/registry.js';
import { LoopServer, loopDriver } from './support/loop-driver.js';

const registry = new Registry().register(loopDriver);
const opened: Connection[] = [];
let serial = 0;
async function open(): Promise<{ conn: Connection; server: LoopServer }> {
  const server = new LoopServer(`receive${++serial}`);
  const conn = await dial(`loop://${server.name}`, { registry });
  opened.push(conn);
  return { conn, server };
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

describe('receive (core)', () => {
  it('readMany() with a timeout waits for the first message, then takes what came with it up to max', async () => {
    const { conn, server } = await open();
    const pending = conn.readMany(2, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (let i = 0; i < 4; i += 1) server.push(`m${i}`);
    expect(await pending).toEqual(['m0', 'm1']);
    expect(await conn.readMany(5, -1)).toEqual(['m2', 'm3']);
  });

  it('a waiting readMany() returns what arrived in separate callbacks of the same I/O phase', async () => {
    const { conn, server } = await open();
    const pending = conn.readMany(10, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Each arrival is its own callback, microtasks drained between them, as datagrams and chunks are.
    await new Promise<void>((resolve) => {
      for (let i = 0; i < 3; i += 1) setImmediate(() => server.push(`c${i}`));
      setImmediate(resolve);
    });
    expect(await pending).toEqual(['c0', 'c1', 'c2']);
    // read() is not held back: it returns the first arrival, the next stays queued.
    const single = conn.read(30_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise<void>((resolve) => {
      for (let i = 0; i < 2; i += 1) setImmediate(() => server.push(`s${i}`));
      setImmediate(resolve);
    });
    expect(await single).toBe('s0');
    expect(await conn.readMany(5, -1)).toEqual(['s1']);
  });

  it('waiting reads with timeouts share one timer, which does not hold the process once they are served', async () => {
    const { conn, server } = await open();
    const timers = (): number => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timers();
    const reads = [
      ...Array.from({ length: 20 }, (_, i) => conn.read(60_000 + i)),
      ...Array.from({ length: 20 }, (_, i) => conn.readMany(2, 60_000 + i)),
    ];
    expect(timers() - before).toBe(1);
    for (let i = 0; i < 40; i += 1) server.push(`t${i}`);
    await Promise.all(reads);
    // At most `before`: a timer of an earlier test may have ended meanwhile (seen under load).
    expect(timers() - before).toBeLessThanOrEqual(0);
  });

  // Without its own deadline honoured, read(30) would wait for the 60 s one: the test times out.
  it('a later read with an earlier deadline still times out, and the earlier reader keeps waiting', async () => {
    const { conn, server } = await open();
    const long = conn.read(60_000);
    expect(await conn.read(30)).toBeNull();
    expect(await conn.readMany(3, 40)).toBeNull();
    server.push('late');
    expect(await long).toBe('late');
  });

  it('readMany(max, -2) on an empty queue is null, like readMany(max, -1)', async () => {
    const { conn } = await open();
    expect(await conn.readMany(5, -2)).toBeNull();
    expect(await conn.readMany(5, -1)).toBeNull();
  });

  it('a message handed to a reader is returned even when its signal aborts before the reader resumes', async () => {
    const { conn, server } = await open();
    const controller = new AbortController();
    const pending = conn.read({ signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    server.push('kept');
    controller.abort();
    expect(await pending).toBe('kept');
  });

  it('refuses a bad timeout naming the value', async () => {
    const { conn } = await open();
    const error = await conn.read(-3).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DialError);
    expect((error as DialError).message).toContain('timeout must be -2, -1, 0 or a positive number of ms, got -3');
  });

  it('an iterator started after close() ends at once', async () => {
    const { conn } = await open();
    await conn.close();
    const next = conn[Symbol.asyncIterator]().next();
    const late = new Promise((resolve) => setTimeout(resolve, 2000, 'still waiting'));
    expect(await Promise.race([next, late])).toEqual({ done: true, value: undefined });
  });

  it('the iterator yields the message itself when it arrives while the iterator waits', async () => {
    const { conn, server } = await open();
    const iterator = conn[Symbol.asyncIterator]();
    const next = iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 20));
    server.push('live');
    expect(await next).toEqual({ done: false, value: 'live' });
    await iterator.return?.();
  });
});
