/**
 * Probe: writes 64 KiB chunks to a tcp peer that never reads, for `SECONDS` (default 5).
 * A correct `write()` waits once the socket buffers fill, so accepted bytes and RSS stay bounded.
 * Then `TIMEOUTS` writes with a 20 ms timeout show what happens to data of timed-out writes.
 */
import { dial, isDialError } from '@omnidial/core';
import '@omnidial/transport-net';
import { SinkServer } from '../servers/sink.js';
import { RssPeak } from '../child.js';
import { mb, sleep } from '../stats.js';

const sink = new SinkServer(false);
await sink.start();
global.gc?.();
const baseline = process.memoryUsage.rss();
const peak = new RssPeak();
const conn = await dial(`tcp://127.0.0.1:${sink.port}`);
const chunk = Buffer.alloc(64 * 1024, 1);
let accepted = 0;
let running = true;
const writer = (async () => {
  while (running) accepted += await conn.write(chunk);
})();
await sleep(Number(process.env.SECONDS ?? 5) * 1000);
running = false;
const acceptedWhileBlocked = accepted;
const rssBlocked = process.memoryUsage.rss();
let timeouts = 0;
for (let i = 0; i < Number(process.env.TIMEOUTS ?? 100); i += 1) {
  try {
    await conn.write(chunk, 20);
  } catch (error) {
    if (isDialError(error, 'Timeout')) timeouts += 1;
    else throw error;
  }
}
const rssAfterTimeouts = process.memoryUsage.rss();
await Promise.race([conn.close(), sleep(3000)]);
await sink.close();
await Promise.race([writer.catch(() => undefined), sleep(1000)]);
console.log(
  JSON.stringify({
    acceptedMb: mb(acceptedWhileBlocked),
    baselineMb: mb(baseline),
    rssBlockedMb: mb(rssBlocked),
    peakRssMb: mb(peak.stop()),
    timeouts,
    rssAfterTimeoutsMb: mb(rssAfterTimeouts),
  }),
);
process.exit(0);
