/**
 * Probe: dials kafka:// (with and without SASL credentials) at a loopback server that is not
 * Kafka (it echoes bytes back) and counts uncaught exceptions and unhandled rejections, which
 * would crash a bot. Prints the dial errors and the counts.
 */
import { createServer, type AddressInfo } from 'node:net';
import { dial } from '@omnidial/core';
import '@omnidial/mq-kafka';
import { installGuards } from '../guard.js';
import { sleep } from '../stats.js';

const guards = installGuards();
const echo = createServer((socket) => {
  socket.on('error', () => undefined);
  socket.on('data', (chunk) => socket.write(chunk));
  setTimeout(() => socket.destroy(), 1500).unref();
});
await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
const port = (echo.address() as AddressInfo).port;
const errors: string[] = [];
for (const address of [`kafka://u:S3cretPW@127.0.0.1:${port}/topic`, `kafka://127.0.0.1:${port}/topic`]) {
  errors.push(
    await dial(address, 3).then(
      async (conn) => {
        await conn.close();
        return 'connected';
      },
      (e: unknown) => String(e),
    ),
  );
}
await sleep(3000);
echo.close();
console.log(
  JSON.stringify({
    errors,
    uncaughtExceptions: guards.uncaughtExceptions,
    unhandledRejections: guards.unhandledRejections,
    samples: guards.samples.map((s) => s.split('\n')[0]),
  }),
);
process.exit(0);
