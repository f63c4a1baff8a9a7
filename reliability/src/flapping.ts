/**
 * Flap-protection figure (issue #14): how many connections a server that accepts and closes at
 * once sees in 60 s from one `reconnect=true` omnidial connection, at `interval=1000` and
 * `interval=100`, next to a client that re-dials after a flat `interval` (omnidial before flap
 * protection, and most reconnecting clients). All four run at once, each against its own
 * server. Writes docs/reliability/flapping.json and the table in docs/reliability.md
 * (between the `flapping` markers). `FLAPPING_SECONDS` overrides the duration.
 *
 * Run: `node --conditions=source --import tsx reliability/src/flapping.ts`.
 */
import { connect, createServer, type Server } from 'node:net';
import { dial } from '@omnidial/core';
import '@omnidial/transport-net';
import { writeFigure } from './figure.js';
import { sleep } from './stats.js';

const seconds = Number(process.env.FLAPPING_SECONDS ?? 60);
const INTERVALS = [1000, 100];

/** A TCP server that accepts every connection and closes it at once; counts them. */
async function acceptThenClose(): Promise<{ server: Server; port: number; accepted: () => number }> {
  let accepted = 0;
  const server = createServer((socket) => {
    accepted += 1;
    socket.on('error', () => undefined);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port, accepted: () => accepted };
}

/** Re-dials `interval` ms after every close, forever: the flat policy. */
function flatClient(port: number, intervalMs: number, until: number): void {
  const once = (): void => {
    if (Date.now() >= until) return;
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.on('close', () => setTimeout(once, intervalMs));
  };
  once();
}

interface Row {
  intervalMs: number;
  omnidial: number;
  flat: number;
  omnidialGaveUp: boolean;
  lastDelayMs: number;
}

async function run(intervalMs: number, until: number): Promise<Row> {
  const [ours, flat] = await Promise.all([acceptThenClose(), acceptThenClose()]);
  const conn = await dial(`tcp://127.0.0.1:${ours.port}|reconnect=true&interval=${intervalMs}`);
  let lastDelayMs = 0;
  conn.on('reconnecting', (info) => void (lastDelayMs = info.delayMs));
  flatClient(flat.port, intervalMs, until);
  await sleep(until - Date.now());
  const row = {
    intervalMs,
    omnidial: ours.accepted(),
    flat: flat.accepted(),
    omnidialGaveUp: conn.state === 'disconnected',
    lastDelayMs,
  };
  await conn.close();
  for (const { server } of [ours, flat]) server.close();
  return row;
}

function table(rows: Row[]): string {
  return [
    `| interval | connections in ${seconds} s, flat interval | connections in ${seconds} s, omnidial | omnidial's last wait (ms) |`,
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.intervalMs} ms | ${r.flat} | **${r.omnidial}** | ${r.lastDelayMs} |`),
  ].join('\n');
}

async function main(): Promise<void> {
  const until = Date.now() + seconds * 1000;
  const rows = await Promise.all(INTERVALS.map((interval) => run(interval, until)));
  const result = { seconds, at: new Date().toISOString(), node: process.version, rows };
  writeFigure('flapping', result, table(rows));
  console.log(table(rows));
  process.exit(0);
}

await main();
