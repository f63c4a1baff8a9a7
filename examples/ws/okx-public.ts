/**
 * FMZ's OKX public example, with `await`: the subscription travels as `payload` (re-sent after
 * every reconnect), frames are raw-DEFLATE (`compress=gzip_raw&mode=recv`), and the bot sends
 * a text "ping" every 20 s as OKX asks (here every 500 ms against the local feed, which drops
 * idle clients after 2 s and cuts every connection every 3 s, as real exchanges do now and then).
 *
 *   tsx examples/ws/okx-public.ts [--ms=10000] [--live]
 */
import { dial } from '@omnidial/core';
import '@omnidial/transport-ws';
import { startOkxFeed } from './feeds/okx.js';
import { exampleArgs, log, sleep } from './run.js';

const args = exampleArgs();
const feed = args.live ? undefined : await startOkxFeed({ idleTimeoutMs: 2000, dropEveryMs: 3000, intervalMs: 100 });
const url = feed?.url ?? 'wss://ws.okx.com:8443/ws/v5/public';
const pingCycle = args.live ? 20_000 : 500;

const param = { op: 'subscribe', args: [{ channel: 'tickers', instId: 'BTC-USDT' }] };
// No escaping needed: the JSON goes in as it is.
const ws = await dial(
  `${url}|compress=gzip_raw&mode=recv&reconnect=true&interval=200&payload=${JSON.stringify(param)}`,
);
ws.on('reconnect', (info) => log(`reconnected after ${info.downtimeMs} ms (subscription re-sent)`));

let tickers = 0;
let pongs = 0;
let lastPing = Date.now();
const stop = Date.now() + args.ms;
while (Date.now() < stop) {
  const ret = await ws.read(100);
  if (ret === 'pong') pongs += 1;
  else if (typeof ret === 'string' && ret !== '') {
    const msg = JSON.parse(ret) as { event?: string; data?: Array<{ instId: string; last: string }> };
    if (msg.event !== undefined) log('event:', msg.event);
    else if (msg.data?.[0] !== undefined) {
      tickers += 1;
      if (tickers % 10 === 1) log(`${msg.data[0].instId} last=${msg.data[0].last}`);
    }
  } else if (ret === '') await sleep(50); // reconnecting
  if (Date.now() - lastPing > pingCycle) {
    await ws.write('ping');
    lastPing = Date.now();
  }
}
log(`done: ${tickers} tickers, ${pongs} pongs, reconnects=${ws.stats().reconnects}`);
await ws.close();
await feed?.close();
