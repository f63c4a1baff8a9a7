/**
 * Probe: a ws server sends `BOMBS` (default 1) gzip frames that each inflate to `BOMB_MB` MiB
 * (default 1024) to a client dialed with `compress=gzip` and `maxMessage=MAX_MESSAGE` (default:
 * the driver's) that never reads. Prints the disconnect error code, messages received, held in
 * the queue and dropped, and the peak RSS of this process.
 */
import { createGzip } from 'node:zlib';
import { WebSocketServer } from 'ws';
import { dial, type DialError } from '@omnidial/core';
import '@omnidial/transport-ws';
import { RssPeak } from '../child.js';
import { mb, waitFor } from '../stats.js';

async function bomb(megabytes: number): Promise<Buffer> {
  const gzip = createGzip({ level: 1 });
  const parts: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => parts.push(chunk));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < megabytes; i += 1) {
    if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  // 'end' (not end()'s callback, which fires on 'finish') comes after the last 'data'.
  await new Promise((resolve) => {
    gzip.once('end', resolve);
    gzip.end();
  });
  return Buffer.concat(parts);
}

const frame = await bomb(Number(process.env.BOMB_MB ?? 1024));
global.gc?.();
const baseline = process.memoryUsage.rss();
const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
await new Promise((resolve) => wss.once('listening', resolve));
const port = (wss.address() as { port: number }).port;
const bombs = Number(process.env.BOMBS ?? 1);
wss.on('connection', (socket) => {
  for (let i = 0; i < bombs; i += 1) socket.send(frame, { binary: true });
});
const peak = new RssPeak();
const cap = process.env.MAX_MESSAGE === undefined ? '' : `&maxMessage=${process.env.MAX_MESSAGE}`;
const conn = await dial(`ws://127.0.0.1:${port}/|compress=gzip${cap}`);
let error: DialError | undefined;
conn.on('disconnect', (e) => (error = e));
await waitFor(() => error !== undefined || conn.state !== 'open' || conn.stats().received >= bombs, 300_000);
global.gc?.();
const { received: delivered, queuedBytes, dropped } = conn.stats();
await conn.close();
wss.close();
console.log(
  JSON.stringify({
    compressedBytes: frame.length,
    bombs,
    inflatedMb: Number(process.env.BOMB_MB ?? 1024),
    code: error?.code,
    delivered,
    queuedMb: mb(queuedBytes),
    dropped,
    baselineMb: mb(baseline),
    peakRssMb: mb(peak.stop()),
    message: error?.message.slice(0, 200),
  }),
);
