import { afterEach, describe, expect, it } from 'vitest';
import { dial, type Connection } from '@omnidial/core';
import { sleep, testServer, waitFor, wsRegistry, type TestServer } from './helpers.js';

const registry = wsRegistry();
let server: TestServer | undefined;
let conn: Connection | undefined;
afterEach(async () => {
  await conn?.close();
  await server?.stop();
  conn = undefined;
  server = undefined;
});

/** A server that sends `count` numbered frames (`0`..`count-1`) whenever a client sends "go". */
async function burst(): Promise<TestServer> {
  return testServer((socket) => {
    socket.on('message', (data) => {
      const [command, n] = data.toString().split(' ');
      if (command === 'go') for (let i = 0; i < Number(n); i += 1) socket.send(String(i));
    });
  });
}

describe('ws read() on a live feed', () => {
  it('read(-2) returns the newest frame and discards the backlog', async () => {
    server = await burst();
    conn = await dial(server.url, { registry });
    await conn.write('go 50');
    await waitFor(() => conn!.stats().received === 50);
    expect(await conn.read(-2)).toBe('49');
    expect(conn.stats()).toMatchObject({ queued: 0, discarded: 49 });
    expect(await conn.read(-2)).toBeNull();
    expect(await conn.read(-1)).toBeNull();
  });

  it('readMany() drains a burst in order and readMessage() names the transport', async () => {
    server = await burst();
    conn = await dial(server.url, { registry });
    await conn.write('go 300');
    await waitFor(() => conn!.stats().received === 300);
    expect(await conn.readMessage(-1)).toMatchObject({ data: '0', transport: 'ws' });
    const rest = await conn.readMany(500, -1);
    expect(rest).toEqual(Array.from({ length: 299 }, (_, i) => String(i + 1)));
  });

  it('5 000 unread frames leave exactly the newest 2 000 (default qsize)', async () => {
    server = await burst();
    conn = await dial(server.url, { registry });
    await conn.write('go 5000');
    await waitFor(() => conn!.stats().received === 5000, 10_000, '5000 frames');
    expect(conn.stats()).toMatchObject({ queued: 2000, dropped: 3000 });
    expect(await conn.read()).toBe('3000');
    expect(await conn.read(-2)).toBe('4999');
  });

  it('qsize bounds the queue', async () => {
    server = await burst();
    conn = await dial(`${server.url}|qsize=10`, { registry });
    await conn.write('go 100');
    await waitFor(() => conn!.stats().received === 100);
    expect(conn.stats()).toMatchObject({ queued: 10, dropped: 90 });
    expect(await conn.read()).toBe('90');
  });

  it('gives "" and write() 0 while disconnected, queued messages first', async () => {
    server = await testServer((socket) => {
      socket.send('last words');
      setTimeout(() => socket.close(1001, 'going away'), 50);
    });
    conn = await dial(server.url, { registry });
    await waitFor(() => conn!.state === 'disconnected');
    expect(await conn.read(0)).toBe('last words');
    expect(await conn.read(0)).toBe('');
    expect(await conn.read()).toBe('');
    expect(await conn.read(-2)).toBe('');
    expect(await conn.write('x')).toBe(0);
    expect(conn.stats().lastError?.message).toMatch(/code 1001: going away/);
  });

  it('a waiting read() settles with "" when the link drops', async () => {
    server = await testServer();
    conn = await dial(server.url, { registry });
    const waiting = conn.read();
    await sleep(50);
    server.clients()[0]!.terminate();
    expect(await waiting).toBe('');
  });

  it('reading resumes after a reconnect, and the payloads are re-sent after every reconnect, in order', async () => {
    let connections = 0;
    server = await testServer((socket) => {
      connections += 1;
      const id = connections;
      socket.on('message', (data) => socket.send(`conn${id}:${data.toString()}`));
    });
    conn = await dial(`${server.url}|reconnect=true&interval=100&payload=first&payload=second`, { registry });
    expect(await conn.read(2000)).toBe('conn1:first');
    expect(await conn.read(2000)).toBe('conn1:second');
    for (const round of [2, 3]) {
      server.clients()[0]!.terminate();
      await waitFor(() => connections === round && conn!.state === 'open', 5000, `reconnect ${round}`);
      expect(await conn.read(2000)).toBe(`conn${round}:first`);
      expect(await conn.read(2000)).toBe(`conn${round}:second`);
    }
    expect(server.received).toEqual(['first', 'second', 'first', 'second', 'first', 'second']);
    expect(conn.stats().reconnects).toBe(2);
  });

  it('reconnects after a server restart on the same port within interval + 100 ms', async () => {
    server = await testServer();
    conn = await dial(`${server.url}|reconnect=true&interval=200`, { registry });
    await server.stop();
    await waitFor(() => conn!.state === 'reconnecting');
    expect(await conn.read(0)).toBe('');
    await server.start();
    const started = Date.now();
    const info = await new Promise<{ downtimeMs: number }>((resolve) => conn!.once('reconnect', resolve));
    expect(Date.now() - started).toBeLessThan(200 + 400); // restart raced the first retry
    expect(info.downtimeMs).toBeGreaterThanOrEqual(150);
    await conn.write('back');
    expect(await conn.read(2000)).toBe('back');
  });

  it('the FMZ payload pitfall is fixed: JSON with & and a base64 signature with = arrive exactly', async () => {
    server = await testServer();
    const json = '{"op":"login","args":[{"apiKey":"k","sign":"q9+/Zw==","memo":"a&b=c&payload=x|y"}]}';
    const signed = 'sig=q9+/Zw%2B==&raw=1=='; // literal: %2B is not decoded, &raw= is not a key
    conn = await dial(`${server.url}|reconnect=true&payload=${json}&payload=${signed}`, { registry });
    await waitFor(() => server!.received.length === 2);
    expect(server.received).toEqual([json, signed]);
    expect(await conn.read(2000)).toBe(json);
  });
});
