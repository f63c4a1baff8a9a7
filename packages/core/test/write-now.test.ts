import { afterEach, describe, expect, it } from 'vitest';
import { dial, type Connection } from '../src/index.js';
import { Registry } from '../src/registry.js';
import { LoopServer, loopDriver } from './support/loop-driver.js';

const registry = new Registry().register(loopDriver);
const opened: Connection[] = [];
const open = async (name: string, setup: (server: LoopServer) => void): Promise<[LoopServer, Connection]> => {
  const server = new LoopServer(name);
  server.syncWrites = true;
  setup(server);
  const conn = await dial(`loop://${name}`, { registry });
  opened.push(conn);
  return [server, conn];
};
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

describe("a link's synchronous send, writeNow (core)", () => {
  it('serves write() without a timeout: the bytes, counted in stats, and the message sent', async () => {
    const [server, conn] = await open('now-bytes', () => undefined);
    expect(await conn.write('héllo')).toBe(6);
    expect(await conn.write(Buffer.from('ab'))).toBe(2);
    expect(server.writeNowCalls).toBe(2);
    expect(server.received).toEqual(['héllo', 'ab']);
    expect(conn.stats()).toMatchObject({ sent: 2, sentBytes: 8 });
  });

  it('waits for the promise it answers with under back-pressure, and counts the write once', async () => {
    const [server, conn] = await open('now-slow', (s) => {
      s.slowWrites = true;
    });
    expect(await conn.write('abc')).toBe(3);
    expect(server.writeNowCalls).toBe(1);
    expect(conn.stats()).toMatchObject({ sent: 1, sentBytes: 3 });
  });

  it("turns its throw into write()'s rejection: a refusal is a DialError of op write, uncounted", async () => {
    const [, conn] = await open('now-refused', (s) => {
      s.refuse = 'bad';
    });
    await expect(conn.write('bad')).rejects.toMatchObject({ name: 'DialError', code: 'Protocol', op: 'write' });
    expect(conn.stats()).toMatchObject({ sent: 0, sentBytes: 0 });
  });

  it('a link that can no longer send makes write() resolve 0, as a lost link does', async () => {
    const [server, conn] = await open('now-gone', () => undefined);
    const writing = conn.write('late');
    expect(await writing).toBe(4);
    server.drop();
    expect(await conn.write('after')).toBe(0);
    expect(conn.stats()).toMatchObject({ sent: 1 });
  });

  it('is not used for a write with a timeout (the link must watch its signal) and serves writeMany items', async () => {
    const [server, conn] = await open('now-paths', () => undefined);
    expect(await conn.write('t', 1000)).toBe(1);
    expect(server.writeNowCalls).toBe(0);
    expect(await conn.writeMany(['a', 'bb', 'ccc'])).toBe(6);
    expect(server.writeNowCalls).toBe(3);
    expect(await conn.writeMany(['d'], 1000)).toBe(1);
    expect(server.writeNowCalls).toBe(3);
    expect(server.received).toEqual(['t', 'a', 'bb', 'ccc', 'd']);
    expect(conn.stats()).toMatchObject({ sent: 5, sentBytes: 8 });
  });

  it('names the first refused item of a writeMany served by writeNow', async () => {
    const [server, conn] = await open('now-many-refused', (s) => {
      s.refuse = 'bad';
    });
    const failure = await conn.writeMany(['ok', 'bad', 'later']).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'DialError', code: 'Protocol', op: 'write', index: 1 });
    expect(server.received).toEqual(['ok']);
  });
});
