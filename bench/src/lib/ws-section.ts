/**
 * The shared body of the ws and wss sections: flood throughput (plain and gzip frames) and
 * echo round trips, omnidial against the raw `ws` client doing the same work.
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'node:zlib';
import WebSocket from 'ws';
import { dial, Registry } from '@omnidial/core';
import { wsDriver } from '@omnidial/transport-ws';
import { alternate } from './alternate.js';
import { batching, hasBatchApi, NO_BATCH } from './batch.js';
import { startChild, type Child } from './child.js';
import { compare, info, num, PER_MESSAGE, TARGET } from './rows.js';
import { connectionEcho, interleavedRoundTrips, type EchoSide } from './round-trips.js';
import { RUNS, scaled } from './stats.js';
import type { Row } from './types.js';

const FLOOD = scaled(100_000);
const ECHOES = scaled(2_000);
/** A typical exchange ticker frame (~130 B). */
export const TICK = JSON.stringify({
  arg: { channel: 'tickers', instId: 'BTC-USDT' },
  data: [{ last: '60123.4', bid: '60123.3', ask: '60123.5', ts: '1700000000000' }],
});
const registry = new Registry().register(wsDriver);

/** Where the section dials: the base URL and what both clients need to trust the server. */
export interface WsTarget {
  url: string;
  /** CA file for wss. */
  caFile?: string;
}

/** Starts the ws server child (wss when `pki` is given). */
export function wsServer(pki?: { certFile: string; keyFile: string }): Promise<Child<{ port: number }>> {
  const script = fileURLToPath(new URL('./ws-server.mjs', import.meta.url));
  return startChild<{ port: number }>(script, [TICK, ...(pki === undefined ? [] : [pki.certFile, pki.keyFile])]);
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

async function rawFlood(target: WsTarget, kind: 'plain' | 'gzip'): Promise<number> {
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

async function omniFlood(target: WsTarget, kind: 'plain' | 'gzip', batch: boolean): Promise<number> {
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

async function rawEchoSide(target: WsTarget): Promise<EchoSide> {
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

async function omniEchoSide(target: WsTarget): Promise<EchoSide> {
  return connectionEcho(await dial(omniAddress(target, 'ping=0'), { registry }), TICK);
}

/** Flood and echo rows for `target`. */
export async function wsRows(target: WsTarget): Promise<Row[]> {
  const rows: Row[] = [];
  const batch = await hasBatchApi();
  for (const kind of ['plain', 'gzip'] as const) {
    const variants: Record<string, () => Promise<number>> = {
      raw: () => rawFlood(target, kind),
      omni: () => omniFlood(target, kind, false),
    };
    if (batch) variants.many = () => omniFlood(target, kind, true);
    const runs = await alternate(variants);
    const what = `flood ${num(FLOOD)} × ${TICK.length} B${kind === 'gzip' ? ', gzip frames' : ''}`;
    rows.push(
      compare(
        `${what}, read()`,
        'msg/s',
        'higher',
        runs.raw!,
        runs.omni!,
        batch ? { note: PER_MESSAGE } : { target: TARGET },
      ),
    );
    rows.push(
      batch
        ? compare(`${what}, readMany()`, 'msg/s', 'higher', runs.raw!, runs.many!, { target: TARGET })
        : info(`${what}, readMany()`, '', NO_BATCH, 'slot: measured once core has the batch API'),
    );
  }
  const echo = await interleavedRoundTrips(
    { raw: () => rawEchoSide(target), omni: () => omniEchoSide(target) },
    ECHOES,
    1000,
  );
  const p = (side: 'raw' | 'omni', key: 'p50' | 'p99'): number[] => echo[side].map((r) => r[key]);
  rows.push(
    compare(
      `echo round trip p50, ${num(ECHOES)} × ${TICK.length} B`,
      'µs',
      'lower',
      p('raw', 'p50'),
      p('omni', 'p50'),
      { target: TARGET },
    ),
  );
  rows.push(compare('echo round trip p99', 'µs', 'lower', p('raw', 'p99'), p('omni', 'p99')));
  return rows;
}

/** Notes shared by the ws and wss sections. */
export const WS_NOTES = [
  'Server: ws 8.18 in a forked child process on 127.0.0.1, no permessage-deflate.',
  `Flood: the server sends ${num(FLOOD)} frames in one burst. raw = the ws \`message\` handler decoding each frame to a string (gzip frames: inflated with the same zlib call and chunk size as omnidial's codec); omnidial = \`await conn.read()\` per message (qsize=${num(FLOOD)}, no drops; compress=gzip for the gzip rows).`,
  `Echo: ${num(ECHOES)} sequential round trips of one ${TICK.length}-byte text frame per side and run, raw and omnidial interleaved round by round (the order rotated each round; lib/round-trips.ts); the p50/p99 of each run is one sample.`,
  `Each figure: median (lowest–highest) of ${RUNS} runs per side after a warm-up of each, alternating with the order rotated each round.`,
];
