/**
 * Overflow figure (issues #11, #14, docs/design.md#receiving): a peer floods ten times what the receive queue
 * holds (1000 messages of 100 bytes into `qsize=100&qbytes=10000`) while the reader is idle for a
 * second, then the reader takes everything. For each policy: the most the queue held (messages
 * and bytes: the memory bound) and how many messages were lost. tcp and ws.
 * Writes docs/reliability/overflow.json and the table in docs/reliability.md (between the
 * `overflow` markers).
 *
 * Run: `node --conditions=source --import tsx reliability/src/overflow.ts`.
 */
import { createServer } from 'node:net';
import { WebSocketServer } from 'ws';
import { dial, type Connection } from '@omnidial/core';
import '@omnidial/transport-net';
import '@omnidial/transport-ws';
import { writeFigure } from './figure.js';
import { sleep } from './stats.js';

const COUNT = 1000;
const SIZE = 100;
const OPTIONS = 'qsize=100&qbytes=10000';
const POLICIES = ['drop-oldest', 'block'] as const;

/** Message `i`: a 100-byte line whose number can be found again in a byte stream. */
const line = (i: number): string => `<${String(i).padStart(6, '0')}>`.padEnd(SIZE - 1, '.') + '\n';

interface Row {
  transport: string;
  policy: string;
  mostQueued: number;
  mostQueuedBytes: number;
  lost: number;
  dropped: number;
}

async function measure(transport: string, address: string, policy: string): Promise<Row> {
  const conn: Connection = await dial(`${address}|${OPTIONS}&overflow=${policy}`);
  let mostQueued = 0;
  let mostQueuedBytes = 0;
  const sample = (): void => {
    const { queued, queuedBytes } = conn.stats();
    mostQueued = Math.max(mostQueued, queued);
    mostQueuedBytes = Math.max(mostQueuedBytes, queuedBytes);
  };
  const sampler = setInterval(sample, 1);
  await sleep(1000); // the idle reader: the flood arrives
  let text = '';
  for (let idle = 0; idle < 3;) {
    sample();
    const message = await conn.read(300);
    if (message === null || message === '') idle += 1;
    else text += String(message);
  }
  clearInterval(sampler);
  const seen = new Set([...text.matchAll(/<(\d{6})>/g)].map((m) => m[1]));
  const row = {
    transport,
    policy,
    mostQueued,
    mostQueuedBytes,
    lost: COUNT - seen.size,
    dropped: conn.stats().dropped,
  };
  await conn.close();
  return row;
}

async function tcpFlood(): Promise<{ address: string; close(): void }> {
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    for (let i = 0; i < COUNT; i += 1) socket.write(line(i));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { address: `tcp://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => server.close() };
}

async function wsFlood(): Promise<{ address: string; close(): void }> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  server.on('connection', (socket) => {
    for (let i = 0; i < COUNT; i += 1) socket.send(line(i));
  });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return { address: `ws://127.0.0.1:${(server.address() as { port: number }).port}/`, close: () => server.close() };
}

function table(rows: readonly Row[]): string {
  return [
    `| transport | overflow | most queued (messages) | most queued (bytes) | messages lost of ${COUNT} |`,
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.transport} | ${r.policy} | ${r.mostQueued} | ${r.mostQueuedBytes} | **${r.lost}** |`),
  ].join('\n');
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const [transport, start] of [
    ['tcp', tcpFlood],
    ['ws', wsFlood],
  ] as const) {
    for (const policy of POLICIES) {
      const peer = await start();
      rows.push(await measure(transport, peer.address, policy));
      peer.close();
    }
  }
  const result = {
    count: COUNT,
    size: SIZE,
    options: OPTIONS,
    at: new Date().toISOString(),
    node: process.version,
    rows,
  };
  writeFigure('overflow', result, table(rows));
  console.log(table(rows));
  process.exit(0);
}

await main();
