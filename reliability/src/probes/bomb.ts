/**
 * Probe: a ws server sends one gzip frame that inflates to `BOMB_MB` MiB (default 1024) to a
 * client dialed with `compress=gzip` and `maxMessage=MAX_MESSAGE` (default: the driver's). Prints
 * the disconnect error code, messages delivered and the peak RSS of this process.
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
  await new Promise((resolve) => gzip.end(resolve));
  return Buffer.concat(parts);
}

const frame = await bomb(Number(process.env.BOMB_MB ?? 1024));
global.gc?.();
const baseline = process.memoryUsage.rss();
const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
await new Promise((resolve) => wss.once('listening', resolve));
const port = (wss.address() as { port: number }).port;
wss.on('connection', (socket) => socket.send(frame, { binary: true }));
const peak = new RssPeak();
const cap = process.env.MAX_MESSAGE === undefined ? '' : `&maxMessage=${process.env.MAX_MESSAGE}`;
const conn = await dial(`ws://127.0.0.1:${port}/|compress=gzip${cap}`);
let error: DialError | undefined;
conn.on('disconnect', (e) => (error = e));
await waitFor(() => error !== undefined || conn.state !== 'open', 120_000);
const delivered = conn.stats().received;
await conn.close();
wss.close();
console.log(JSON.stringify({
  compressedBytes: frame.length, code: error?.code, delivered, baselineMb: mb(baseline), peakRssMb: mb(peak.stop()),
  message: error?.message.slice(0, 200),
}));
