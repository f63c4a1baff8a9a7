/**
 * FMZ's Huobi example, with `await`: gzip frames (`compress=gzip&mode=recv`), the subscription
 * as `payload`, and the bot answers every `{"ping":n}` with `{"pong":n}` itself — the feed
 * closes connections that do not.
 *
 *   tsx examples/ws/huobi.ts [--ms=10000] [--live]
 */
import { dial } from '@omnidial/core';
import '@omnidial/transport-ws';
import { startHuobiFeed } from './feeds/huobi.js';
import { exampleArgs, log, sleep } from './run.js';

const args = exampleArgs();
const feed = args.live ? undefined : await startHuobiFeed({ pingEveryMs: 500, intervalMs: 100 });
const url = feed?.url ?? 'wss://api.huobi.pro/ws';

const param = { sub: 'market.btcusdt.detail', id: 'id1' };
const ws = await dial(`${url}|compress=gzip&mode=recv&reconnect=true&payload=${JSON.stringify(param)}`);

let ticks = 0;
let pongs = 0;
const stop = Date.now() + args.ms;
while (Date.now() < stop) {
  const ret = await ws.read(200);
  if (ret === '') {
    await sleep(50); // reconnecting
    continue;
  }
  if (typeof ret !== 'string') continue;
  const json = JSON.parse(ret) as { ping?: number; subbed?: string; tick?: { close: number } };
  if (typeof json.ping === 'number') {
    const strPong = JSON.stringify({ pong: json.ping });
    await ws.write(strPong);
    pongs += 1;
    log('answered ping, sent pong:', strPong);
  } else if (json.subbed !== undefined) log('subscribed:', json.subbed);
  else if (json.tick !== undefined) {
    ticks += 1;
    if (ticks % 10 === 1) log(`btcusdt close=${json.tick.close}`);
  }
}
log(`done: ${ticks} ticks, ${pongs} pongs, reconnects=${ws.stats().reconnects}`);
await ws.close();
await feed?.close();
