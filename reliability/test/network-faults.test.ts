import { afterEach, describe, expect, it } from 'vitest';
import { dial, isDialError, type Connection } from '@omnidial/core';
import '@omnidial/transport-net';
import '@omnidial/transport-ws';
import { FaultProxy } from '../src/proxy/fault-proxy.js';
import { SinkServer } from '../src/servers/sink.js';
import { WsFlappingServer } from '../src/servers/ws.js';
import { TcpFlappingServer } from '../src/servers/tcp.js';
import { sleep, waitFor } from '../src/stats.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo().catch(() => undefined);
});

async function behindProxy(server: WsFlappingServer | TcpFlappingServer | SinkServer): Promise<FaultProxy> {
  await server.start();
  const proxy = new FaultProxy(server.port);
  await proxy.start();
  cleanup.push(
    () => ('kill' in server ? server.kill() : server.close()),
    () => proxy.close(),
  );
  return proxy;
}

function track(conn: Connection): Connection {
  cleanup.push(() => conn.close());
  return conn;
}

describe('network faults through the fault-injecting proxy', () => {
  it('stalled peer: a ws dial whose handshake is never answered fails with Timeout at the connect timeout', async () => {
    const proxy = await behindProxy(new WsFlappingServer());
    proxy.setMode('stall');
    const started = Date.now();
    const error = await dial(`ws://127.0.0.1:${proxy.port}/`, 2).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isDialError(error, 'Timeout')).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('stalled peer: a tcp dial succeeds (the kernel accepts) and reads time out with null — documented, no handshake to stall', async () => {
    const proxy = await behindProxy(new TcpFlappingServer());
    proxy.setMode('stall');
    const conn = track(await dial(`tcp://127.0.0.1:${proxy.port}`, 2));
    expect(await conn.read(300)).toBeNull();
    expect(conn.state).toBe('open');
  });

  it('half-open link: the ws heartbeat (ping=500, pongTimeout=1000) detects it and reconnect recovers', async () => {
    const proxy = await behindProxy(new WsFlappingServer({ pushEveryMs: 50 }));
    const conn = track(
      await dial(`ws://127.0.0.1:${proxy.port}/|reconnect=true&interval=200&ping=500&pongTimeout=1000`),
    );
    expect(typeof (await conn.read(5000))).toBe('string');
    let lostAt = 0;
    conn.once('disconnect', () => (lostAt = Date.now()));
    const cutAt = Date.now();
    proxy.setMode('blackhole');
    expect(await waitFor(() => lostAt > 0, 15_000)).toBe(true);
    const detectMs = lostAt - cutAt;
    console.info(`[reliability] ws half-open detected after ${detectMs} ms (ping 500 + pongTimeout 1000)`);
    expect(detectMs).toBeGreaterThanOrEqual(900);
    proxy.setMode('pass');
    expect(await waitFor(() => conn.stats().reconnects === 1 && conn.state === 'open', 20_000)).toBe(true);
  });

  it('half-open link: plain tcp without an application heartbeat does not notice (documented), writes still succeed', async () => {
    const proxy = await behindProxy(new TcpFlappingServer({ pushEveryMs: 50 }));
    const conn = track(await dial(`tcp://127.0.0.1:${proxy.port}|keepalive=1000`));
    expect(await conn.read(5000)).not.toBeNull();
    proxy.setMode('blackhole');
    await sleep(3000);
    while ((await conn.read(-1)) !== null); // drain what was in flight
    expect(await conn.read(500)).toBeNull();
    expect(conn.state).toBe('open');
    expect(await conn.write('still here\n')).toBeGreaterThan(0);
  });

  it('slow reader: writes through a 256 KiB/s throttle wait for back-pressure and every byte arrives', async () => {
    const sink = new SinkServer();
    const proxy = await behindProxy(sink);
    proxy.setMode('throttle', 256 * 1024);
    const conn = track(await dial(`tcp://127.0.0.1:${proxy.port}`));
    const chunk = Buffer.alloc(64 * 1024, 7);
    const started = Date.now();
    for (let i = 0; i < 32; i += 1) expect(await conn.write(chunk, 60_000)).toBe(chunk.length);
    expect(await waitFor(() => sink.received === 32 * chunk.length, 60_000)).toBe(true);
    // 2 MiB at a nominal 256 KiB/s: ≥ 2 s proves the writes waited for the slow reader (the throttle is approximate).
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
  }, 90_000);

  it('peer closes mid-frame: a ws frame cut in half is never delivered as a message; the link reports and recovers', async () => {
    const proxy = await behindProxy(new WsFlappingServer({ pushEveryMs: 0 }));
    const conn = track(await dial(`ws://127.0.0.1:${proxy.port}/|reconnect=true&interval=200`));
    const big = 'x'.repeat(200_000);
    let disconnected: unknown;
    conn.once('disconnect', (error) => (disconnected = error));
    proxy.cutNextChunk();
    await conn.write(big);
    expect(await waitFor(() => disconnected !== undefined, 15_000)).toBe(true);
    expect(isDialError(disconnected)).toBe(true);
    expect(await waitFor(() => conn.state === 'open' && conn.stats().reconnects === 1, 20_000)).toBe(true);
    const messages: string[] = [];
    for (let m = await conn.read(-1); m !== null && m !== ''; m = await conn.read(-1)) messages.push(String(m));
    expect(messages.filter((m) => m.length !== big.length + 'echo:'.length)).toEqual([]);
    expect(await conn.write('after')).toBeGreaterThan(0);
    expect(await conn.read(5000)).toBe('echo:after');
  });
});
