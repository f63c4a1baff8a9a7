import { afterEach, describe, expect, it } from 'vitest';
import { dial, Dial, lastDialError } from '../src/dial.js';
import type { Connection } from '../src/connection/connection.js';
import { Registry } from '../src/registry.js';
import { waitFor } from '../src/conformance/helpers.js';
import { LoopServer, loopDriver } from './support/loop-driver.js';

const registry = new Registry().register(loopDriver);
const opened: Connection[] = [];
let serial = 0;

async function open(options = ''): Promise<{ conn: Connection; server: LoopServer }> {
  const server = new LoopServer(`s${++serial}`);
  const conn = await dial(`loop://${server.name}${options === '' ? '' : `|${options}`}`, { registry });
  opened.push(conn);
  return { conn, server };
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

describe('read table (docs/design.md#receiving)', () => {
  it('read() blocks until a message arrives', async () => {
    const { conn, server } = await open();
    const pending = conn.read();
    setTimeout(() => server.push('late'), 30);
    expect(await pending).toBe('late');
  });

  it('read(n) waits up to n ms, then null; -1 and 0 poll', async () => {
    const { conn } = await open();
    expect(await conn.read(-1)).toBeNull();
    expect(await conn.read(0)).toBeNull();
    const started = Date.now();
    expect(await conn.read(80)).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
  });

  it('rejects a nonsensical timeout', async () => {
    const { conn } = await open();
    await expect(conn.read(-3)).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(conn.read(Number.NaN)).rejects.toMatchObject({ code: 'InvalidArgument' });
  });

  it('read(-2) takes the newest and discards the rest of a full queue', async () => {
    const { conn, server } = await open();
    for (let i = 0; i < 2000; i += 1) server.push(`m${i}`);
    expect(await conn.read(-2)).toBe('m1999');
    expect(conn.stats()).toMatchObject({ queued: 0, discarded: 1999 });
  });

  it('5000 messages with nobody reading leave exactly the newest 2000', async () => {
    const { conn, server } = await open();
    for (let i = 0; i < 5000; i += 1) server.push(`m${i}`);
    expect(conn.stats()).toMatchObject({ queued: 2000, dropped: 3000, received: 5000 });
    expect(await conn.read()).toBe('m3000');
  });

  it('gives queued messages first, then "" after a drop; write gives 0', async () => {
    const { conn, server } = await open();
    server.push('c');
    server.drop();
    expect(conn.state).toBe('disconnected');
    expect(await conn.read()).toBe('c');
    expect(await conn.read()).toBe('');
    expect(await conn.read(-2)).toBe('');
    expect(await conn.write('x')).toBe(0);
  });

  it('settles a blocked read with "" when the link drops', async () => {
    const { conn, server } = await open('reconnect=true&interval=5000');
    const pending = conn.read();
    server.drop();
    expect(await pending).toBe('');
    expect(conn.state).toBe('reconnecting');
  });

  it('binary=true turns text into Buffers', async () => {
    const { conn, server } = await open('binary=true');
    server.push('txt');
    const message = await conn.read(-1);
    expect(Buffer.isBuffer(message)).toBe(true);
  });

  it('rejects bad write data with InvalidArgument', async () => {
    const { conn } = await open();
    await expect(conn.write(42 as unknown as string)).rejects.toMatchObject({ code: 'InvalidArgument' });
  });

  it('does not show read/exec on the wrong kind', async () => {
    const { conn } = await open();
    await expect(conn.exec('SELECT 1')).rejects.toMatchObject({ code: 'Unimplemented' });
  });
});

describe('reconnect supervisor', () => {
  it('re-dials after interval, re-sends every payload in order, and reads again', async () => {
    const { conn, server } = await open('reconnect=true&interval=50&payload=first&payload=second');
    expect(server.received).toEqual(['first', 'second']);
    const events: string[] = [];
    conn.on('disconnect', () => events.push('disconnect'));
    conn.on('reconnecting', ({ attempt, delayMs }) => events.push(`reconnecting ${attempt} ${delayMs}`));
    conn.on('reconnect', () => events.push('reconnect'));
    server.drop();
    const droppedAt = Date.now();
    server.restore();
    await waitFor(() => conn.state === 'open', 2000, 'reconnect');
    expect(Date.now() - droppedAt).toBeGreaterThanOrEqual(45);
    expect(events).toEqual(['disconnect', 'reconnecting 1 50', 'reconnect']);
    expect(server.received).toEqual(['first', 'second', 'first', 'second']);
    expect(conn.stats().reconnects).toBe(1);
    server.push('after');
    expect(await conn.read(-1)).toBe('first'); // echo of the payload
  });

  it('gives up after retry attempts with a giveup event', async () => {
    const { conn, server } = await open('reconnect=true&interval=10&retry=2');
    const gaveUp = new Promise((resolve) => conn.on('giveup', resolve));
    server.drop();
    await gaveUp;
    expect(conn.state).toBe('disconnected');
    expect(server.connects).toBe(1);
  });

  it('tells each reconnecting listener the error behind it: the drop, then every failed attempt', async () => {
    const { conn, server } = await open('reconnect=true&interval=10&retry=3');
    const seen: string[] = [];
    conn.on('reconnecting', ({ attempt, error }) => seen.push(`${attempt} ${error?.code}`));
    const gaveUp = new Promise((resolve) => conn.on('giveup', resolve));
    server.drop();
    await gaveUp;
    expect(seen).toEqual(['1 Unavailable', '2 Unavailable', '3 Unavailable']);
  });

  it('never has more than one connect attempt in flight, however slow each attempt is', async () => {
    const server = new LoopServer(`slow${++serial}`);
    const conn = await dial(`loop://${server.name}?delay=60|reconnect=true&interval=10`, { registry });
    opened.push(conn);
    server.drop(); // every re-dial now takes 60 ms and fails, far longer than the 10 ms interval
    await waitFor(() => server.attempts >= 4, 10_000, 'several re-dial attempts');
    expect(server.mostAttempting).toBe(1);
  });

  it('stops re-dialing when closed', async () => {
    const { conn, server } = await open('reconnect=true&interval=10');
    server.drop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await conn.close();
    const connects = server.connects;
    server.restore();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.connects).toBe(connects);
    expect(server.linkCount).toBe(0);
  });
});

describe('dial() and Dial()', () => {
  it('dial() rejects with DialError; Dial() resolves null and lastDialError() says why', async () => {
    await expect(dial('loop://nobody', { registry })).rejects.toMatchObject({ code: 'Unavailable', scheme: 'loop' });
    expect(await Dial('loop://nobody', { registry })).toBeNull();
    expect(lastDialError()).toMatchObject({ code: 'Unavailable' });
    const server = new LoopServer('dial-ok');
    const conn = await Dial(`loop://${server.name}`, { registry });
    expect(conn).not.toBeNull();
    expect(lastDialError()).toBeUndefined();
    await conn!.close();
  });

  it('times out a slow connect (seconds) and leaks nothing', async () => {
    const server = new LoopServer('slow');
    await expect(dial('loop://slow?delay=300', { registry, timeout: 0.05 })).rejects.toMatchObject({ code: 'Timeout' });
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(server.linkCount).toBe(0);
  });

  it('cancels a connect through an AbortSignal', async () => {
    new LoopServer('slow2');
    const controller = new AbortController();
    const pending = dial('loop://slow2?delay=300', { registry, signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'Canceled' });
  });

  it('lets address options override the options object', async () => {
    const server = new LoopServer('override');
    const conn = await dial(`loop://${server.name}|qsize=2`, { registry, qsize: 50 });
    for (let i = 0; i < 5; i += 1) server.push(`m${i}`);
    expect(conn.stats().queued).toBe(2);
    await conn.close();
  });

  it('validates options before any I/O', async () => {
    const server = new LoopServer('strict');
    await expect(dial(`loop://${server.name}|qsize=0`, { registry })).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
    await expect(dial(`loop://${server.name}|payload=a`, { registry, bogus: 1 })).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
    expect(server.connects).toBe(0);
  });
});

describe('fairness and extras', () => {
  it('a polling loop without sleep does not starve the reconnect timer', async () => {
    const { conn, server } = await open('reconnect=true&interval=20');
    server.drop();
    server.restore();
    const deadline = Date.now() + 3000;
    let polls = 0;
    while (conn.state !== 'open' && Date.now() < deadline) {
      polls += 1;
      if ((await conn.read(-1)) === '') continue;
    }
    expect(conn.state).toBe('open');
    expect(polls).toBeGreaterThan(0);
  });

  it('calls a payload function on every connect', async () => {
    const server = new LoopServer('payload-fn');
    let calls = 0;
    const conn = await dial('loop://payload-fn|reconnect=true&interval=10', {
      registry,
      payload: () => [`login-${++calls}`, 'subscribe'],
    });
    opened.push(conn);
    server.drop();
    server.restore();
    await waitFor(() => conn.state === 'open' && server.received.length === 4, 2000, 'the re-sent payload');
    expect(server.received).toEqual(['login-1', 'subscribe', 'login-2', 'subscribe']);
  });

  it('passes headers and tls objects from the options object to the driver', async () => {
    const server = new LoopServer('extras');
    const conn = await dial('loop://extras', { registry, headers: { A: '1' }, tls: { minVersion: 'TLSv1.3' } });
    opened.push(conn);
    expect(server.lastOptions?.headers).toEqual({ A: '1' });
    expect(server.lastOptions?.tls).toEqual({ minVersion: 'TLSv1.3' });
  });

  it('drops what a driver delivers after close()', async () => {
    const { conn, server } = await open();
    await conn.close();
    server.push('late');
    expect(conn.stats().received).toBe(0);
  });
});
