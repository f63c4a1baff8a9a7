/**
 * One-hour soak (issue #8): a ws and a tcp connection with `reconnect=true` against loopback
 * servers that crash every 20–40 s (down 0.5–3 s), a reader and a writer on each. Samples
 * memory and counters every 10 s into docs/reliability/soak.json (rewritten as it goes) and
 * draws docs/reliability/soak.svg. `SOAK_MINUTES` overrides the duration. Exits 1 when a figure
 * falls short of `thresholds.ts` (the shortfalls are in the JSON's `failures`).
 *
 * Run: `pnpm --filter @omnidial/reliability soak` (or `node --conditions=source --import tsx reliability/src/soak.ts`).
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { dial } from '@omnidial/core';
import '@omnidial/transport-net';
import '@omnidial/transport-ws';
import { measuredCommit } from './commit.js';
import { installGuards } from './guard.js';
import { TcpFlappingServer } from './servers/tcp.js';
import { WsFlappingServer } from './servers/ws.js';
import type { FlappingServer } from './servers/types.js';
import { mb, percentile, sleep } from './stats.js';
import { soakFailures } from './thresholds.js';
import { lineChart } from './svg.js';
import { startWorkload, type Workload } from './workload.js';

const OUT = new URL('../../docs/reliability/', import.meta.url);
const minutes = Number(process.env.SOAK_MINUTES ?? 60);
const guards = installGuards();

interface Sample {
  t: number;
  rssMb: number;
  heapMb: number;
  wsReceived: number;
  tcpReceived: number;
  reconnects: number;
  flaps: number;
}

async function flap(server: FlappingServer, until: number, count: { n: number }): Promise<void> {
  while (Date.now() < until) {
    await sleep(20_000 + Math.random() * 20_000);
    if (Date.now() >= until) return;
    await server.kill();
    count.n += 1;
    await sleep(500 + Math.random() * 2500);
    await server.start();
  }
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const ws = new WsFlappingServer({ pushEveryMs: 20 });
  const tcp = new TcpFlappingServer({ pushEveryMs: 20 });
  await ws.start();
  await tcp.start();
  const wsConn = await dial(
    `ws://127.0.0.1:${ws.port}/feed|reconnect=true&interval=200&ping=5000&pongTimeout=5000&payload={"op":"subscribe"}`,
  );
  const tcpConn = await dial(`tcp://127.0.0.1:${tcp.port}|reconnect=true&interval=200`);
  const loads: Workload[] = [
    startWorkload(wsConn, { writeEveryMs: 100 }),
    startWorkload(tcpConn, { writeEveryMs: 100, suffix: '\n' }),
  ];
  const started = Date.now();
  const until = started + minutes * 60_000;
  const flaps = { n: 0 };
  const flapping = Promise.all([flap(ws, until, flaps), flap(tcp, until, flaps)]);
  const samples: Sample[] = [];
  const commit = measuredCommit();
  const write = (done: boolean): Record<string, unknown> => {
    const [w, t] = loads.map((l) => l.figures);
    const result: Record<string, unknown> = {
      done,
      minutes,
      commit,
      startedAt: new Date(started).toISOString(),
      samples,
      flaps: flaps.n,
      guards,
      ws: summary(w!),
      tcp: summary(t!),
      pushed: { ws: ws.pushed, tcp: tcp.pushed },
    };
    result.failures = soakFailures(result);
    writeFileSync(new URL('soak.json', OUT), `${JSON.stringify(result, null, 1)}\n`);
    writeFileSync(new URL('soak.svg', OUT), chart(samples));
    return result;
  };
  while (Date.now() < until) {
    await sleep(10_000);
    const memory = process.memoryUsage();
    const [w, t] = loads.map((l) => l.figures);
    samples.push({
      t: Math.round((Date.now() - started) / 1000),
      rssMb: mb(memory.rss),
      heapMb: mb(memory.heapUsed),
      wsReceived: w!.received,
      tcpReceived: t!.received,
      reconnects: w!.reconnects + t!.reconnects,
      flaps: flaps.n,
    });
    if (samples.length % 6 === 0) write(false);
  }
  await flapping;
  await Promise.all(loads.map((l) => l.stop()));
  await Promise.all([wsConn.close(), tcpConn.close()]);
  await Promise.all([ws.kill(), tcp.kill()]);
  const { failures } = write(true) as { failures: string[] };
  console.log(JSON.stringify({ flaps: flaps.n, guards, last: samples.at(-1), failures }));
  if (failures.length > 0) process.exitCode = 1;
}

function summary(f: Workload['figures']): Record<string, unknown> {
  const { downtimes, ownMissing, ...rest } = f;
  return {
    ...rest,
    ownMissing: ownMissing.length,
    downtimeP50: percentile(downtimes, 50),
    downtimeP99: percentile(downtimes, 99),
  };
}

function chart(samples: readonly Sample[]): string {
  return lineChart({
    title: `omnidial soak: ws + tcp against servers crashing every 20–40 s (${minutes} min)`,
    xLabel: 'seconds',
    yLabel: 'MB / reconnects/10',
    series: [
      { name: 'RSS MB', color: '#c33', points: samples.map((s) => [s.t, s.rssMb]) },
      { name: 'heap used MB', color: '#36c', points: samples.map((s) => [s.t, s.heapMb]) },
      { name: 'reconnects / 10', color: '#393', points: samples.map((s) => [s.t, s.reconnects / 10]) },
    ],
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
