/**
 * What the ws and wss sections run on each side: floods and echo sides of the raw `ws` client and
 * of omnidial doing the same work. The floods run in flood-client processes (lib/own-process.ts).
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { unzipSync } from 'node:zlib';
import WebSocket from 'ws';
import { dial, Registry } from '@omnidial/core';
import { wsDriver } from '@omnidial/transport-ws';
import { batching } from './batch.js';
import { connectionEcho, type EchoSide } from './round-trips.js';
import { scaled } from './stats.js';

/** Messages of one flood. */
export const FLOOD = scaled(100_000);
/** A typical exchange ticker frame (~130 B). */
export const TICK = JSON.stringify({
  arg: { channel: 'tickers', instId: 'BTC-USDT' },
  data: [{ last: '60123.4', bid: '60123.3', ask: '60123.5', ts: '1700000000000' }],
});

/** Where the section dials: the base URL and what both clients need to trust the server. */
export interface WsTarget {
  url: string;
  /** CA file for wss. */
  caFile?: string;
}

/** What a flood client needs: where to dial and which frames the server sends. */
export interface WsFloodInput {
  target: WsTarget;
  kind: 'plain' | 'gzip';
}

const registry = new Registry().register(wsDriver);

/** Where the section dials: the base URL and what both clients need to trust the server. */
export interface WsTarget {
  url: string;
  /** CA file for wss. */
  caFile?: string;
}

/** The same inflation settings as omnidial's codec (chunk sized to the frame), so gzip rows compare like with like. */
function inflate(frame: Buffer): Buffer {
  return unzipSync(frame, {
    maxOutputLength: 1024 * 1024,
    chunkSize: Math.min(64 * 1024, Math.max(1024, frame.length * 8)),
  });
}

function rawSocket(target: WsTarget): WebSocket {
  return new WebSocket(target.url, {
    perMessageDeflate: false,
    ...(target.caFile === undefined ? {} : { ca: readFileSync(target.caFile) }),
  });
}

function omniAddress(target: WsTarget, options: string): string {
  return `${target.url}|${[options, target.caFile === undefined ? '' : `ca=${target.caFile}`].filter((s) => s !== '').join('&')}`;
}

/** Messages per second of the raw `ws` client's `message` handler. */
export async function rawFlood({ target, kind }: WsFloodInput): Promise<number> {
  const socket = rawSocket(target);
  await once(socket, 'open');
  let left = FLOOD;
  let sink = 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    socket.on('message', (data: Buffer, isBinary) => {
      sink += (isBinary ? inflate(data) : data).toString().length;
      if (--left === 0) resolve();
    });
    socket.send(`flood ${kind} ${FLOOD}`);
  });
  const rate = FLOOD / ((performance.now() - start) / 1000);
  socket.terminate();
  return sink > 0 ? rate : 0;
}

/** Messages per second of omnidial: `read()` per message, or `readMany()` when `batch`. */
export async function omniFlood({ target, kind }: WsFloodInput, batch: boolean): Promise<number> {
  const conn = await dial(omniAddress(target, `qsize=${FLOOD}&ping=0${kind === 'gzip' ? '&compress=gzip' : ''}`), {
    registry,
  });
  const many = batch ? batching(conn) : undefined;
  let sink = 0;
  const start = performance.now();
  await conn.write(`flood ${kind} ${FLOOD}`);
  for (let got = 0; got < FLOOD;) {
    if (many !== undefined) {
      for (const m of (await many.readMany(FLOOD - got)) ?? []) {
        sink += m.length;
        got += 1;
      }
    } else {
      sink += String(await conn.read()).length;
      got += 1;
    }
  }
  const rate = FLOOD / ((performance.now() - start) / 1000);
  await conn.close();
  return sink > 0 ? rate : 0;
}

/** The raw client as an echo side. */
export async function rawEchoSide(target: WsTarget): Promise<EchoSide> {
  const socket = rawSocket(target);
  await once(socket, 'open');
  return {
    trip: async () => {
      const reply = once(socket, 'message');
      socket.send(TICK);
      return String((await reply)[0]);
    },
    close: () => socket.terminate(),
  };
}

/** omnidial as an echo side. */
export async function omniEchoSide(target: WsTarget): Promise<EchoSide> {
  return connectionEcho(await dial(omniAddress(target, 'ping=0'), { registry }), TICK);
}
