/**
 * ws:// through omnidial vs the raw `ws` client, in the same run: flood throughput (plain and
 * gzip frames), echo latency, and the time to reconnect after a server restart. The server
 * runs in a worker thread so it does not share the client's event loop.
 */
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import WebSocket from 'ws';
import { dial, Registry } from '@omnidial/core';
import { wsDriver } from '@omnidial/transport-ws';
import type { BenchSection } from './lib/types.js';

const FLOOD = 100_000;
const ECHOES = 3_000;
/** Rounds, alternating raw and omnidial; the best round of each counts (the host is shared and noisy). */
const ROUNDS = 5;
const RESTARTS = 5;
const INTERVAL_MS = 200;
const TICK = JSON.stringify({ arg: { channel: 'tickers', instId: 'BTC-USDT' }, data: [{ last: '60123.4', bid: '60123.3', ask: '60123.5', ts: '1700000000000' }] });

/* ---------- server side (worker thread) ---------- */

/**
 * The server, as plain JavaScript for an `eval` worker (workers do not inherit tsx's loader):
 * echoes every frame; `flood plain|gzip N` makes it send N ticker frames in one burst.
 */
const SERVER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { gzipSync } = require('node:zlib');
const { WebSocketServer } = require(workerData.wsPath);
const plain = Buffer.from(workerData.tick);
const gzip = gzipSync(workerData.tick);
let wss;
function listen(port) {
  wss = new WebSocketServer({ host: '127.0.0.1', port });
  wss.on('connection', (socket) => {
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      if (text.startsWith('flood ')) {
        const [, kind, n] = text.split(' ');
        const frame = kind === 'gzip' ? gzip : plain;
        for (let i = 0; i < Number(n); i += 1) socket.send(frame, { binary: kind === 'gzip' });
      } else socket.send(data, { binary: isBinary });
    });
  });
  wss.on('listening', () => parentPort.postMessage({ port: wss.address().port }));
}
listen(workerData.port);
parentPort.on('message', (command) => {
  if (command === 'start') return listen(workerData.port || wss.address().port);
  if (command !== 'stop') return;
  const port = wss.address().port;
  workerData.port = port;
  for (const client of wss.clients) client.terminate();
  wss.close(() => parentPort.postMessage({ stopped: true }));
});
`;
const wsPath = createRequire(import.meta.url).resolve('ws');

/** A server in a worker thread; `stop()` / `start()` close and reopen it on the same port. */
class ServerThread {
  #worker: Worker | undefined;
  port = 0;

  async start(): Promise<void> {
    if (this.#worker === undefined) {
      this.#worker = new Worker(SERVER_SOURCE, { eval: true, workerData: { port: 0, wsPath, tick: TICK } });
    } else this.#worker.postMessage('start');
    const [message] = (await once(this.#worker, 'message')) as [{ port: number }];
    this.port = message.port;
  }

  async stop(): Promise<void> {
    this.#worker!.postMessage('stop');
    await once(this.#worker!, 'message');
  }

  async terminate(): Promise<void> {
    await this.#worker?.terminate();
  }
}

/* ---------- client side ---------- */

const registry = new Registry().register(wsDriver);

async function rawFlood(url: string, kind: 'plain' | 'gzip'): Promise<number> {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  await once(socket, 'open');
  let left = FLOOD;
  let sink = 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    socket.on('message', (data: Buffer, isBinary) => {
      const text = isBinary ? gunzipSync(data).toString() : data.toString();
      sink += text.length;
      if (--left === 0) resolve();
    });
    socket.send(`flood ${kind} ${FLOOD}`);
  });
  const rate = FLOOD / ((performance.now() - start) / 1000);
  socket.terminate();
  return sink > 0 ? rate : 0;
}

async function omnidialFlood(url: string, kind: 'plain' | 'gzip'): Promise<number> {
  const options = `qsize=${FLOOD}&ping=0${kind === 'gzip' ? '&compress=gzip' : ''}`;
  const conn = await dial(`${url}|${options}`, { registry });
  let sink = 0;
  const start = performance.now();
  await conn.write(`flood ${kind} ${FLOOD}`);
  for (let i = 0; i < FLOOD; i += 1) sink += String(await conn.read()).length;
  const rate = FLOOD / ((performance.now() - start) / 1000);
  await conn.close();
  return sink > 0 ? rate : 0;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

async function rawEcho(url: string): Promise<number[]> {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  await once(socket, 'open');
  const times: number[] = [];
  for (let i = 0; i < ECHOES; i += 1) {
    const start = performance.now();
    const reply = once(socket, 'message');
    socket.send(TICK);
    await reply;
    times.push(performance.now() - start);
  }
  socket.terminate();
  return times.sort((a, b) => a - b);
}

async function omnidialEcho(url: string): Promise<number[]> {
  const conn = await dial(`${url}|ping=0`, { registry });
  const times: number[] = [];
  for (let i = 0; i < ECHOES; i += 1) {
    const start = performance.now();
    await conn.write(TICK);
    await conn.read();
    times.push(performance.now() - start);
  }
  await conn.close();
  return times.sort((a, b) => a - b);
}

async function reconnectTimes(server: ServerThread): Promise<number[]> {
  const conn = await dial(`ws://127.0.0.1:${server.port}/|reconnect=true&interval=${INTERVAL_MS}&ping=0`, { registry });
  const times: number[] = [];
  for (let i = 0; i < RESTARTS; i += 1) {
    const back = new Promise<number>((resolve) => conn.once('reconnect', () => resolve(performance.now())));
    const dropped = performance.now();
    await server.stop();
    await server.start(); // back at once: the measured time is detection + interval + connect
    times.push((await back) - dropped);
  }
  await conn.close();
  return times.sort((a, b) => a - b);
}

const k = (n: number): string => `${Math.round(n / 1000)}k msg/s`;
const us = (ms: number): string => `${Math.round(ms * 1000)} µs`;
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;

/** The ws section of bench/RESULTS.md. */
export async function run(): Promise<BenchSection> {
  const server = new ServerThread();
  await server.start();
  const url = `ws://127.0.0.1:${server.port}/`;
  const rows: string[][] = [['measure', 'raw ws', 'omnidial', 'omnidial / raw', 'target']];
  for (const kind of ['plain', 'gzip'] as const) {
    let raw = 0;
    let ours = 0;
    for (let round = 0; round <= ROUNDS; round += 1) {
      const r = await rawFlood(url, kind);
      const o = await omnidialFlood(url, kind);
      if (round === 0) continue; // warm-up
      raw = Math.max(raw, r);
      ours = Math.max(ours, o);
    }
    rows.push([`flood ${FLOOD / 1000}k × ${TICK.length} B${kind === 'gzip' ? ', gzip frames' : ''}`, k(raw), k(ours), ratio(ours, raw), '≥ 0.95×']);
  }
  const best = { raw: [Infinity, Infinity], ours: [Infinity, Infinity] };
  for (let round = 0; round <= ROUNDS; round += 1) {
    const r = await rawEcho(url);
    const o = await omnidialEcho(url);
    if (round === 0) continue;
    best.raw = [Math.min(best.raw[0]!, percentile(r, 0.5)), Math.min(best.raw[1]!, percentile(r, 0.99))];
    best.ours = [Math.min(best.ours[0]!, percentile(o, 0.5)), Math.min(best.ours[1]!, percentile(o, 0.99))];
  }
  for (const [label, i] of [['echo latency p50', 0], ['echo latency p99', 1]] as const) {
    rows.push([label, us(best.raw[i]!), us(best.ours[i]!), ratio(best.raw[i]!, best.ours[i]!), '≥ 0.95× (raw / omnidial)']);
  }
  const restarts = await reconnectTimes(server);
  rows.push([`reconnect after server restart (interval=${INTERVAL_MS}), median / max of ${RESTARTS}`, '—', `${Math.round(percentile(restarts, 0.5))} / ${Math.round(restarts.at(-1)!)} ms`, '—', `≤ ${INTERVAL_MS + 100} ms`]);
  await server.terminate();
  return {
    title: 'WebSocket (ws://) vs raw ws',
    rows,
    notes: [
      `Server in a worker thread of the same process, on 127.0.0.1; ws 8.18, no permessage-deflate.`,
      `Flood: the server sends ${FLOOD / 1000}k frames in one burst; raw = ws 'message' handler with toString() (and gunzipSync for gzip); omnidial = \`await conn.read()\` per message with qsize=${FLOOD} (no drops) and compress=gzip for the gzip row. Best of ${ROUNDS} alternating rounds after a warm-up round.`,
      `Echo: ${ECHOES} sequential round trips of one ${TICK.length}-byte text frame per round; omnidial = \`await conn.write()\` + \`await conn.read()\`; best p50 / p99 of ${ROUNDS} alternating rounds.`,
      'Reconnect: time from stopping the server (it listens again at once on the same port) to the `reconnect` event: drop detection + interval + handshake.',
    ],
  };
}
