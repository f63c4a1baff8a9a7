/**
 * Probe: a ws server floods `FLOOD` messages of `SIZE` bytes (10x the queue) at a client that
 * does not read, dialed with `QUEUE` (e.g. `qsize=1000` or `qbytes=1048576`). Prints the queue
 * figures and the peak RSS growth.
 */
import { WebSocketServer } from 'ws';
import { dial } from '@omnidial/core';
import '@omnidial/transport-ws';
import { RssPeak } from '../child.js';
import { mb, waitFor } from '../stats.js';

const count = Number(process.env.FLOOD ?? 10_000);
const size = Number(process.env.SIZE ?? 10_240);
const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
await new Promise((resolve) => wss.once('listening', resolve));
const port = (wss.address() as { port: number }).port;
wss.on('connection', async (socket) => {
  for (let i = 0; i < count; i += 1) {
    socket.send(`${i}:`.padEnd(size, 'x'));
    if (socket.bufferedAmount > 4 * 1024 * 1024) await new Promise((resolve) => setTimeout(resolve, 5));
  }
});
global.gc?.();
const baseline = process.memoryUsage.rss();
const baseHeap = process.memoryUsage().heapUsed;
const peak = new RssPeak();
const conn = await dial(`ws://127.0.0.1:${port}/|${process.env.QUEUE ?? 'qsize=1000'}`);
await waitFor(() => conn.stats().received >= count, 120_000);
const stats = conn.stats();
global.gc?.();
const heapHeld = process.memoryUsage().heapUsed - baseHeap;
const first = await conn.read(-1);
await conn.close();
wss.close();
console.log(
  JSON.stringify({
    received: stats.received,
    queued: stats.queued,
    queuedMb: mb(stats.queuedBytes),
    dropped: stats.dropped,
    oldestKept: String(first).split(':')[0],
    baselineMb: mb(baseline),
    peakRssMb: mb(peak.stop()),
    heapHeldAfterGcMb: mb(heapHeld),
  }),
);
