import { afterEach, describe, expect, it } from 'vitest';
import { dial, type Connection } from '../src/index.js';
import { thrownDialError } from './support/thrown.js';
import { Registry } from '../src/registry.js';
import { LoopServer, loopDriver } from './support/loop-driver.js';

const registry = new Registry().register(loopDriver);
const opened: Connection[] = [];
let serial = 0;
const KNOWN = 'known: disconnect, reconnecting, reconnect, giveup, drop, close';

async function open(options = ''): Promise<{ conn: Connection; server: LoopServer }> {
  const server = new LoopServer(`events${++serial}`);
  const conn = await dial(`loop://${server.name}${options === '' ? '' : `|${options}`}`, { registry });
  opened.push(conn);
  return { conn, server };
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

describe('status event listeners', () => {
  it('an unknown event name is InvalidArgument naming the method, the name and the known events', async () => {
    const { conn } = await open();
    const on = thrownDialError(() => conn.on('dropped' as 'drop', () => undefined));
    expect(on.code).toBe('InvalidArgument');
    expect(on.message).toBe(`loop: on(): unknown event "dropped"; ${KNOWN}`);
    const once = thrownDialError(() => conn.once(42 as unknown as 'drop', () => undefined));
    expect(once.message).toContain(`once(): unknown event a number; ${KNOWN}`);
    expect(thrownDialError(() => conn.off('open' as 'close', () => undefined)).message).toContain(
      `off(): unknown event "open"; ${KNOWN}`,
    );
  });

  it('a listener that is not a function is InvalidArgument naming what it got', async () => {
    const { conn } = await open();
    const error = thrownDialError(() => conn.on('close', 'handler' as unknown as () => void));
    expect(error.code).toBe('InvalidArgument');
    expect(error.message).toContain('on(): the listener must be a function, got a string');
  });

  it('messages dropped with no listener at all leave the connection working', async () => {
    const { conn, server } = await open('qsize=1');
    server.push('a');
    server.push('b');
    server.push('c');
    expect(await conn.readMany()).toEqual(['c']);
    expect(conn.stats()).toMatchObject({ dropped: 2 });
  });

  it('messages dropped while only another event is listened to leave the connection working', async () => {
    const { conn, server } = await open('qsize=1');
    const closes: unknown[] = [];
    conn.on('close', () => {
      closes.push('closed');
    });
    server.push('a');
    server.push('b');
    expect(await conn.readMany()).toEqual(['b']);
    await conn.close();
    expect(closes).toHaveLength(1);
  });
});
