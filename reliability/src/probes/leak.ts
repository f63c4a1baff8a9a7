/**
 * Probe: `CYCLES` dial/close cycles per target — loopback tcp and ws servers started here, plus
 * any `LEAK_TARGETS` (JSON `[{ "name", "address" }]`, e.g. broker and database URLs). Prints, per
 * target, the active resources (`process.getActiveResourcesInfo()`) and heap after GC, before
 * and after the cycles. Needs `--expose-gc` (set by `runProbe`).
 */
import { dial } from '@omnidial/core';
import '@omnidial/transport-net';
import '@omnidial/transport-ws';
import '@omnidial/mq-mqtt';
import '@omnidial/mq-nats';
import '@omnidial/mq-amqp';
import '@omnidial/mq-kafka';
import '@omnidial/db-postgres';
import '@omnidial/db-mysql';
import '@omnidial/db-clickhouse';
import { readdirSync } from 'node:fs';
import { TcpFlappingServer } from '../servers/tcp.js';
import { WsFlappingServer } from '../servers/ws.js';
import { mb, sleep } from '../stats.js';

interface Target {
  name: string;
  address: string;
  sql?: boolean;
  cycles?: number;
}

const cycles = Number(process.env.CYCLES ?? 500);
const tcp = new TcpFlappingServer({ pushEveryMs: 0 });
const ws = new WsFlappingServer({ pushEveryMs: 0 });
await tcp.start();
await ws.start();
const targets: Target[] = [
  { name: 'tcp', address: `tcp://127.0.0.1:${tcp.port}` },
  { name: 'ws', address: `ws://127.0.0.1:${ws.port}/` },
  ...(JSON.parse(process.env.LEAK_TARGETS ?? '[]') as Target[]),
];

function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo()) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

/** Open file descriptors of this process (Linux), or -1 where /proc is missing. */
function fds(): number {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return -1;
  }
}

async function settle(): Promise<{ resources: Record<string, number>; heapMb: number; fds: number }> {
  await sleep(1500);
  for (let i = 0; i < 3; i += 1) {
    global.gc?.();
    await sleep(50);
  }
  return { resources: resources(), heapMb: mb(process.memoryUsage().heapUsed), fds: fds() };
}

async function once(target: Target): Promise<void> {
  const conn = await dial(target.address, 10);
  if (target.sql === true) await conn.exec('SELECT 1');
  else await conn.write('x');
  await conn.close();
}

const results = [];
for (const target of targets) {
  for (let i = 0; i < 20; i += 1) await once(target); // warm-up: lazy imports, pools, JIT
  const before = await settle();
  const started = Date.now();
  let failures = 0;
  const n = target.cycles ?? cycles;
  for (let i = 0; i < n; i += 1) await once(target).catch(() => (failures += 1));
  const seconds = (Date.now() - started) / 1000;
  const after = await settle();
  const extra = Object.entries(after.resources)
    .map(([name, n]) => [name, n - (before.resources[name] ?? 0)] as const)
    .filter(([, n]) => n > 0);
  results.push({
    name: target.name,
    cycles: n,
    failures,
    seconds,
    heapBeforeMb: before.heapMb,
    heapAfterMb: after.heapMb,
    fdsBefore: before.fds,
    fdsAfter: after.fds,
    extraResources: Object.fromEntries(extra),
    before: before.resources,
    after: after.resources,
  });
}
await tcp.kill();
await ws.kill();
console.log(JSON.stringify({ results }));
