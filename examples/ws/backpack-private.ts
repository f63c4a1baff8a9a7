/**
 * A Backpack-style private stream: the subscription carries an ed25519 signature of
 * `instruction=subscribe&timestamp=..&window=..` as `payload`. The base64 key and signature
 * (with `=`, `+`, `/`) go into the address unescaped.
 *
 *   tsx examples/ws/backpack-private.ts [--ms=10000] [--live]   (live: BACKPACK_SECRET = base64 ed25519 seed)
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { dial } from '@omnidial/core';
import '@omnidial/transport-ws';
import { backpackSubscribeMessage, startBackpackFeed } from './feeds/backpack.js';
import { exampleArgs, log, sleep } from './run.js';

const args = exampleArgs();

/** The account key: from BACKPACK_SECRET (32-byte seed, base64), or a fresh one for the local feed. */
function accountKey(): KeyObject {
  const seed = process.env.BACKPACK_SECRET;
  if (seed === undefined) return generateKeyPairSync('ed25519').privateKey;
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seed, 'base64')]);
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}
const privateKey = accountKey();
const verifyingKey = createPublicKey(privateKey)
  .export({ format: 'der', type: 'spki' })
  .subarray(-32)
  .toString('base64');

const feed = args.live ? undefined : await startBackpackFeed({ verifyingKey, intervalMs: 100 });
const url = feed?.url ?? 'wss://ws.backpack.exchange';

const timestamp = Date.now();
const window = 5000;
const signature = sign(null, Buffer.from(backpackSubscribeMessage(timestamp, window)), privateKey).toString('base64');
const payload = JSON.stringify({
  method: 'SUBSCRIBE',
  params: ['account.orderUpdate'],
  signature: [verifyingKey, signature, String(timestamp), String(window)],
});
const ws = await dial(
  `${url}|reconnect=true&payload=${payload}&payload={"method":"SUBSCRIBE","params":["bookTicker.SOL_USDC"]}`,
);

let fills = 0;
let quotes = 0;
const stop = Date.now() + args.ms;
while (Date.now() < stop) {
  const msg = await ws.read(200);
  if (msg === '') await sleep(50);
  if (typeof msg !== 'string' || msg === '') continue;
  const json = JSON.parse(msg) as {
    stream?: string;
    error?: { message: string };
    data?: { L?: string; b?: string; a?: string };
  };
  if (json.error !== undefined) log('error:', json.error.message);
  else if (json.stream === 'account.orderUpdate') {
    fills += 1;
    if (fills % 10 === 1) log(`fill at ${json.data?.L}`);
  } else if (json.stream !== undefined) {
    quotes += 1;
    if (quotes % 10 === 1) log(`SOL_USDC bid=${json.data?.b} ask=${json.data?.a}`);
  }
}
log(`done: ${fills} order updates, ${quotes} quotes, reconnects=${ws.stats().reconnects}`);
await ws.close();
await feed?.close();
