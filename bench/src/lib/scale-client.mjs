// Child process of the scale section: opens N concurrent connections (raw or omnidial) to a
// server in another process, then reports connect time, memory per connection and idle CPU.
// argv: <kind ws|tcp> <side raw|omni> <port> <count> <idleMs>. Run with --expose-gc.
// Prints one JSON line { connectMs, rssPerConn, heapPerConn, committedPerConn, idleCpuMsPerS, open } and exits.
import { connect } from 'node:net';
import WebSocket from 'ws';
import { dial, Registry } from '@omnidial/core';
import { wsDriver } from '@omnidial/transport-ws';
import { tcpDriver } from '@omnidial/transport-net';

const [kind, side, port, countArg, idleArg] = process.argv.slice(2);
const count = Number(countArg);
const IN_FLIGHT = 500;
const registry = new Registry().register(wsDriver).register(tcpDriver);

const rawOpen = () =>
  new Promise((resolve, reject) => {
    if (kind === 'ws') {
      const socket = new WebSocket(`ws://127.0.0.1:${port}/`, { perMessageDeflate: false });
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
    } else {
      const socket = connect({ host: '127.0.0.1', port: Number(port) }, () => resolve(socket));
      socket.once('error', reject);
    }
  });
// Defaults a user gets, except no reconnect churn if the server goes away mid-measurement.
const omniOpen = () => dial(`${kind}://127.0.0.1:${port}${kind === 'ws' ? '/' : ''}`, { registry });
const open = side === 'raw' ? rawOpen : omniOpen;

const memory = () => {
  globalThis.gc();
  globalThis.gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed + m.external + m.arrayBuffers, committed: m.heapTotal };
};

// Load the code paths first (one connection, closed), so module code is not counted.
const first = await open();
if (side === 'omni') await first.close();
else if (kind === 'ws') first.terminate();
else first.destroy();
await new Promise((resolve) => setTimeout(resolve, 200));

const before = memory();
const connections = [];
const started = performance.now();
for (let i = 0; i < count; i += IN_FLIGHT) {
  const batch = await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, count - i) }, open));
  connections.push(...batch);
}
const connectMs = performance.now() - started;
const after = memory();
const cpu = process.cpuUsage();
const idleMs = Number(idleArg);
await new Promise((resolve) => setTimeout(resolve, idleMs));
const used = process.cpuUsage(cpu);
process.stdout.write(
  `${JSON.stringify({
    connectMs,
    rssPerConn: (after.rss - before.rss) / count,
    heapPerConn: (after.heap - before.heap) / count,
    committedPerConn: (after.committed - before.committed) / count,
    idleCpuMsPerS: (used.user + used.system) / 1000 / (idleMs / 1000),
    open: connections.length,
  })}\n`,
);
process.exit(0);
