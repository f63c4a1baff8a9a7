/**
 * FMZ's OKX private example, with `await`: log in with an HMAC-SHA256-signed message and
 * subscribe to the account channel. Both go in as `payload`, so they are sent in order right
 * after connecting — and again after every reconnect. The base64 signature (`=`, `+`, `/`) and
 * the JSON need no escaping. A login is only valid for 30 s, so if the re-sent login is
 * refused after a late reconnect, the bot signs a fresh one.
 *
 *   tsx examples/ws/okx-private.ts [--ms=10000] [--live]   (live: OKX_API_KEY, OKX_SECRET, OKX_PASSPHRASE)
 */
import { createHmac } from 'node:crypto';
import { dial } from '@omnidial/core';
import '@omnidial/transport-ws';
import { okxLoginPrehash, startOkxFeed } from './feeds/okx.js';
import { exampleArgs, log, sleep } from './run.js';

const args = exampleArgs();
const credentials = {
  apiKey: process.env.OKX_API_KEY ?? 'demo-key',
  secret: process.env.OKX_SECRET ?? 'demo-secret',
  passphrase: process.env.OKX_PASSPHRASE ?? 'demo-pass',
};
const feed = args.live
  ? undefined
  : await startOkxFeed({ credentials, intervalMs: 200, compress: false, dropEveryMs: 2500 });
const url = feed?.url ?? 'wss://ws.okx.com:8443/ws/v5/private';

/** FMZ's getLogin(): the login message, signed now. */
function getLogin(): string {
  const timestamp = (Date.now() / 1000).toString();
  const sign = createHmac('sha256', credentials.secret).update(okxLoginPrehash(timestamp)).digest('base64');
  return JSON.stringify({
    op: 'login',
    args: [{ apiKey: credentials.apiKey, passphrase: credentials.passphrase, timestamp, sign }],
  });
}
const subscribe = JSON.stringify({ op: 'subscribe', args: [{ channel: 'account', ccy: 'USDT' }] });

const client = await dial(
  `${url}|reconnect=true&interval=200&ping=10000&pingType=text&pingMessage=ping&pongMessage=pong&payload=${getLogin()}&payload=${subscribe}`,
);
client.on('reconnect', () => log('reconnected: login and subscription re-sent'));

let logins = 0;
let updates = 0;
const stop = Date.now() + args.ms;
while (Date.now() < stop) {
  const buf = await client.read(-1);
  if (buf === null || buf === '') {
    await sleep(50);
    continue;
  }
  const msg = JSON.parse(String(buf)) as { event?: string; code?: string; data?: Array<{ totalEq: string }> };
  if (msg.event === 'login') {
    logins += 1;
    log('logged in');
  } else if (msg.event === 'error' && msg.code === '60009') {
    log('login refused (stale signature): signing a fresh one');
    await client.write(getLogin());
    await client.write(subscribe);
  } else if (msg.event !== undefined) log('event:', msg.event);
  else if (msg.data?.[0] !== undefined) {
    updates += 1;
    if (updates % 10 === 1) log(`account totalEq=${msg.data[0].totalEq}`);
  }
}
log(`done: ${logins} logins, ${updates} account updates, reconnects=${client.stats().reconnects}`);
await client.close();
await feed?.close();
