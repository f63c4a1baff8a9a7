/**
 * FMZ's Binance example, with `await`: keep the all-market ticker stream open and show a table
 * of the newest prices. `read(-2)` takes the newest snapshot and discards the stale backlog,
 * so a slow loop never lags behind the market.
 *
 *   tsx examples/ws/binance-ticker.ts [--ms=10000] [--live]
 */
import { dial } from '@omnidial/core';
import '@omnidial/transport-ws';
import { startBinanceFeed } from './feeds/binance.js';
import { exampleArgs, log, sleep } from './run.js';

interface Ticker {
  s: string;
  h: string;
  l: string;
  b: string;
  a: string;
  c: string;
  q: string;
  E: number;
}

const args = exampleArgs();
const feed = args.live ? undefined : await startBinanceFeed({ intervalMs: 100 });
const url = feed?.url ?? 'wss://stream.binance.com:9443/ws/!ticker@arr';

const client = await dial(`${url}|reconnect=true`);
log('connected to', client.address);
let tables = 0;
const stop = Date.now() + args.ms;
while (Date.now() < stop) {
  const buf = await client.read(-2); // newest snapshot; null when nothing new, "" while reconnecting
  if (buf) {
    const tickers = JSON.parse(String(buf)) as Ticker[];
    const rows = tickers
      .filter((t) => t.s === 'BTCUSDT' || t.s === 'ETHUSDT')
      .map((t) => ({
        symbol: t.s,
        high: t.h,
        low: t.l,
        bid: t.b,
        ask: t.a,
        last: t.c,
        volume: t.q,
        time: new Date(t.E).toISOString(),
      }));
    console.table(rows);
    tables += 1;
  }
  await sleep(300);
}
const stats = client.stats();
log(
  `done: ${tables} tables, ${stats.received} snapshots received, ${stats.discarded} stale skipped, reconnects=${stats.reconnects}`,
);
await client.close();
await feed?.close();
