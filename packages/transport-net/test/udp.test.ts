import { createSocket } from 'node:dgram';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@omnidial/core/conformance';
import { UdpEcho } from './helpers/udp-echo.js';
import { freePort } from './helpers/socks.js';
import { closeAll, open } from './helpers/registry.js';

const server = new UdpEcho();
beforeAll(async () => void (await server.start()));
afterAll(() => server.stop());
afterEach(() => closeAll());

describe('udp: datagrams', () => {
  it('keeps datagram boundaries: three datagrams are three messages', async () => {
    const burst = createSocket('udp4');
    burst.on('message', (_data, from) => {
      for (const part of ['one', 'two', 'three']) burst.send(part, from.port, from.address);
    });
    await new Promise<void>((resolve) => burst.bind(0, '127.0.0.1', resolve));
    try {
      const conn = await open(`udp://127.0.0.1:${burst.address().port}`);
      await conn.write('go');
      expect([await conn.read(2000), await conn.read(2000), await conn.read(2000)]).toEqual(['one', 'two', 'three']);
    } finally {
      burst.close();
    }
  });

  it('readMessage() names the sender of each datagram', async () => {
    const conn = await open(`udp://127.0.0.1:${server.port}`);
    const before = Date.now();
    await conn.write('who');
    const message = await conn.readMessage(2000);
    expect(message).toMatchObject({
      data: 'who',
      transport: 'udp',
      remoteAddress: '127.0.0.1',
      remotePort: server.port,
    });
    expect((message as { receivedAt: number }).receivedAt).toBeGreaterThanOrEqual(before);
  });

  it('carries a 60 000-byte datagram whole', async () => {
    const conn = await open(`udp://127.0.0.1:${server.port}|binary=true`);
    const big = Buffer.alloc(60_000, 7);
    expect(await conn.write(big)).toBe(60_000);
    const back = await conn.read(2000);
    expect(Buffer.compare(back as Buffer, big)).toBe(0);
  });

  it('a datagram over the UDP limit is ResourceExhausted', async () => {
    const conn = await open(`udp://127.0.0.1:${server.port}`);
    await expect(conn.write(Buffer.alloc(70_000))).rejects.toMatchObject({ code: 'ResourceExhausted' });
    expect(conn.state).toBe('open');
  });
});

describe('udp: nobody listening (ICMP port unreachable)', () => {
  it('the dial succeeds, and the first bounce marks the link lost', async () => {
    const conn = await open(`udp://127.0.0.1:${await freePort()}`);
    expect(conn.state).toBe('open');
    await conn.write('anyone?');
    await waitFor(() => conn.state === 'disconnected', 3000, 'the bounce');
    expect(conn.stats().lastError?.message).toContain('ICMP port unreachable');
    expect(await conn.read()).toBe('');
  });

  it('with reconnect=true, the payload is sent again once the peer is back', async () => {
    const peer = new UdpEcho();
    const port = await peer.start();
    const conn = await open(`udp://127.0.0.1:${port}|reconnect=true&interval=50&payload=subscribe`);
    await waitFor(() => peer.received === 1, 3000, 'the first payload');
    expect(await conn.read(2000)).toBe('subscribe');
    await peer.stop();
    await conn.write('lost in space');
    await waitFor(() => conn.state === 'reconnecting', 3000, 'the bounce');
    await peer.start(port);
    await waitFor(() => peer.received >= 2, 5000, 'the payload after the restart');
    await waitFor(() => conn.state === 'open', 3000, 'the reconnect');
    expect(await conn.read(2000)).toBe('subscribe');
    await peer.stop();
  });
});
