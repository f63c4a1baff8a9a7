import { afterEach, describe, expect, it } from 'vitest';
import { dial } from '../src/dial.js';
import type { Connection } from '../src/connection/connection.js';
import { Registry } from '../src/registry.js';
import { waitFor } from '../src/conformance/helpers.js';
import { LoopServer, loopDriver } from './support/loop-driver.js';

const registry = new Registry().register(loopDriver);
const opened: Connection[] = [];
let serial = 0;

async function open(options: string): Promise<{ conn: Connection; server: LoopServer }> {
  const server = new LoopServer(`intake${++serial}`);
  const conn = await dial(`loop://${server.name}|${options}`, { registry });
  opened.push(conn);
  return { conn, server };
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

describe('intake control (docs/design.md#receiving: overflow, acknowledged messages)', () => {
  it('never drops a message that awaits acknowledgement: pauses the link instead, resumes at half', async () => {
    const { conn, server } = await open('qsize=4');
    const outcomes: string[] = [];
    for (let i = 0; i < 10; i += 1) server.pushAcked(`a${i}`, outcomes);
    expect(conn.stats()).toMatchObject({ queued: 10, dropped: 0, paused: true });
    expect(server).toMatchObject({ paused: true, pauses: 1 });
    for (let i = 0; i < 7; i += 1) expect(await conn.read()).toBe(`a${i}`);
    expect(server.paused).toBe(true); // 3 left: above half of qsize
    expect(await conn.read()).toBe('a7');
    expect(server).toMatchObject({ paused: false, resumes: 1 });
    expect(conn.stats().paused).toBe(false);
    expect(outcomes).toEqual(Array.from({ length: 8 }, (_, i) => `a${i}:delivered`));
  });

  it('releases unread acknowledged messages at close, once each, and acknowledges none of them', async () => {
    const { conn, server } = await open('qsize=2');
    const outcomes: string[] = [];
    for (let i = 0; i < 4; i += 1) server.pushAcked(`a${i}`, outcomes);
    expect(await conn.read()).toBe('a0');
    await conn.close();
    expect(outcomes).toEqual(['a0:delivered', 'a1:released', 'a2:released', 'a3:released']);
  });

  it('read(-2) settles the skipped messages as delivered and resumes intake', async () => {
    const { conn, server } = await open('qsize=2');
    const outcomes: string[] = [];
    for (let i = 0; i < 4; i += 1) server.pushAcked(`a${i}`, outcomes);
    expect(await conn.read(-2)).toBe('a3');
    expect(outcomes.sort()).toEqual(['a0:delivered', 'a1:delivered', 'a2:delivered', 'a3:delivered']);
    expect(server.paused).toBe(false);
  });

  it('overflow=block keeps every plain message and pauses; drop-oldest drops and never pauses', async () => {
    const blocking = await open('qsize=3&overflow=block');
    const dropping = await open('qsize=3');
    for (let i = 0; i < 9; i += 1) {
      blocking.server.push(`m${i}`);
      dropping.server.push(`m${i}`);
    }
    expect(blocking.conn.stats()).toMatchObject({ queued: 9, dropped: 0, paused: true });
    expect(blocking.server.paused).toBe(true);
    expect(dropping.conn.stats()).toMatchObject({ queued: 3, dropped: 6, paused: false });
    expect(dropping.server.pauses).toBe(0);
    const read: unknown[] = [];
    for (let i = 0; i < 9; i += 1) read.push(await blocking.conn.read(-1));
    expect(read).toEqual(Array.from({ length: 9 }, (_, i) => `m${i}`));
    expect(blocking.server.paused).toBe(false);
  });

  it('a link that replaces a paused one after a reconnect starts paused, and is resumed by reading', async () => {
    const { conn, server } = await open('qsize=2&overflow=block&reconnect=true&interval=10');
    for (let i = 0; i < 3; i += 1) server.push(`m${i}`);
    expect(server.pauses).toBe(1);
    server.drop();
    server.restore();
    await waitFor(() => conn.state === 'open', 5000, 'the reconnect');
    expect(server.pauses).toBe(2);
    expect(server.paused).toBe(true);
    for (let i = 0; i < 3; i += 1) expect(await conn.read(-1)).toBe(`m${i}`);
    expect(server.paused).toBe(false);
  });

  it('offers overflow=block only to drivers that can stop their peer', async () => {
    const schema = registry.optionSchema(loopDriver);
    expect(schema.overflow).toMatchObject({ values: ['drop-oldest', 'block'], default: 'drop-oldest' });
    const plain = new Registry().register({
      ...loopDriver,
      capabilities: { ...loopDriver.capabilities, flowControl: false },
    });
    const error = await dial('loop://x|overflow=block', { registry: plain }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'DialError',
      code: 'InvalidArgument',
      message: expect.stringContaining('overflow'),
    });
  });
});
