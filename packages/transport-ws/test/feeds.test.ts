import { afterEach, describe, expect, it } from 'vitest';
import { dial, type Connection } from '@omnidial/core';
import { startBinanceFeed } from '../../../examples/ws/feeds/binance.js';
import { startHuobiFeed } from '../../../examples/ws/feeds/huobi.js';
import { startOkxFeed } from '../../../examples/ws/feeds/okx.js';
import type { FeedServer } from '../../../examples/ws/feeds/server.js';
import { sleep, waitFor, wsRegistry } from './helpers.js';

const registry = wsRegistry();
let feed: FeedServer | undefined;
let conn: Connection | undefined;
afterEach(async () => {
  await conn?.close();
  await feed?.close();
  conn = undefined;
  feed = undefined;
});

describe('exchange-style feeds', () => {
  it('Binance-style: large JSON arrays; read(-2) keeps only the newest snapshot', async () => {
    feed = await startBinanceFeed({ intervalMs: 20, symbols: 500 });
    conn = await dial(`${feed.url}|reconnect=true`, { registry });
    const first = JSON.parse(String(await conn.read(2000))) as Array<{ s: string; E: number }>;
    expect(first).toHaveLength(500);
    expect(first[0]!.s).toBe('BTCUSDT');
    await sleep(200);
    expect(conn.stats().queued).toBeGreaterThan(2);
    const newest = JSON.parse(String(await conn.read(-2))) as Array<{ E: number }>;
    expect(conn.stats().queued).toBe(0);
    expect(newest[0]!.E).toBeGreaterThan(first[0]!.E);
    expect(conn.stats().receivedBytes).toBeGreaterThan(500 * 100);
  });

  it('OKX-style: raw-deflate frames, subscription payload re-sent after drops, text ping answered with pong', async () => {
    const okx = await startOkxFeed({ intervalMs: 20, idleTimeoutMs: 300, dropEveryMs: 400 });
    feed = okx;
    const payload = JSON.stringify({ op: 'subscribe', args: [{ channel: 'tickers', instId: 'BTC-USDT' }] });
    conn = await dial(
      `${okx.url}|compress=gzip_raw&mode=recv&reconnect=true&interval=50&ping=100&pingType=text&pingMessage=ping&payload=${payload}`,
      { registry },
    );
    const event = JSON.parse(String(await conn.read(2000))) as { event: string };
    expect(event.event).toBe('subscribe');
    const pongs: string[] = [];
    const tickers: string[] = [];
    const until = Date.now() + 1500;
    while (Date.now() < until) {
      const message = await conn.read(100);
      if (message === '') await sleep(20); // "" = reconnecting: do not spin (a tight loop would starve the event loop)
      if (message === 'pong') pongs.push(message);
      else if (typeof message === 'string' && message.includes('"last"')) tickers.push(message);
    }
    expect(okx.connections()).toBeGreaterThanOrEqual(3); // dropped every 400 ms, came back each time
    expect(conn.stats().reconnects).toBeGreaterThanOrEqual(2);
    expect(okx.received.filter((m) => m === payload).length).toBe(okx.connections());
    expect(pongs.length).toBeGreaterThan(3); // the heartbeat kept the 300 ms idle timeout at bay
    expect(tickers.length).toBeGreaterThan(20);
    expect(JSON.parse(tickers.at(-1)!)).toMatchObject({ data: [{ instId: 'BTC-USDT' }] });
  });

  it('OKX-style: without a heartbeat the server drops the idle client; reconnect brings it back', async () => {
    const okx = await startOkxFeed({ intervalMs: 50, idleTimeoutMs: 200 });
    feed = okx;
    conn = await dial(
      `${okx.url}|compress=gzip_raw&reconnect=true&interval=50&ping=0&payload={"op":"subscribe","args":[{"channel":"tickers","instId":"ETH-USDT"}]}`,
      { registry },
    );
    await waitFor(() => okx.connections() >= 2, 3000, 'a reconnect after the idle drop');
    expect(conn.stats().lastError?.message).toMatch(/4004: no data received in time/);
  });

  it('Huobi-style: gzip frames; the bot answers {"ping":n} with {"pong":n} by reading and writing', async () => {
    const huobi = await startHuobiFeed({ intervalMs: 20, pingEveryMs: 100, pongTimeoutMs: 250 });
    feed = huobi;
    conn = await dial(
      `${huobi.url}|compress=gzip&mode=recv&reconnect=true&payload={"sub":"market.btcusdt.detail","id":"id1"}`,
      { registry },
    );
    let pongsSent = 0;
    let ticks = 0;
    const until = Date.now() + 1000;
    while (Date.now() < until) {
      const message = await conn.read(100);
      if (message === '') await sleep(20);
      if (typeof message !== 'string' || message === '') continue;
      const json = JSON.parse(message) as { ping?: number; tick?: unknown; subbed?: string };
      if (typeof json.ping === 'number') {
        await conn.write(JSON.stringify({ pong: json.ping }));
        pongsSent += 1;
      } else if (json.tick !== undefined) ticks += 1;
    }
    expect(pongsSent).toBeGreaterThanOrEqual(5);
    expect(ticks).toBeGreaterThan(10);
    expect(huobi.heartbeatKills()).toBe(0);
    expect(conn.stats().reconnects).toBe(0);
  });

  it('Huobi-style: a bot that does not answer pings is disconnected by the server', async () => {
    const huobi = await startHuobiFeed({ intervalMs: 50, pingEveryMs: 50, pongTimeoutMs: 120 });
    feed = huobi;
    conn = await dial(`${huobi.url}|compress=gzip`, { registry });
    await waitFor(() => conn!.state === 'disconnected', 3000);
    expect(huobi.heartbeatKills()).toBe(1);
    let last: unknown;
    for (let m = await conn.read(0); m !== ''; m = await conn.read(0)) last = m;
    expect(String(last)).toMatch(/heartbeat timeout/);
  });
});
