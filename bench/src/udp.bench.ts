/**
 * UDP (udp://): omnidial against a raw connected node:dgram socket: echo round trips, and a
 * flood of small datagrams the server (a forked child) sends in bursts of 64 per turn.
 */
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { dial, Registry, type Connection } from '@omnidial/core';
import { udpDriver } from '@omnidial/transport-net';
import { alternate } from './lib/alternate.js';
import { batching, hasBatchApi, NO_BATCH } from './lib/batch.js';
import { startChild } from './lib/child.js';
import { compare, info, num, PER_MESSAGE, TARGET } from './lib/rows.js';
import { connectionEcho, interleavedRoundTrips, type EchoSide } from './lib/round-trips.js';
import { RUNS, scaled } from './lib/stats.js';
import type { BenchSection, Row } from './lib/types.js';
import { flatText } from './lib/payload.js';

const COUNT = scaled(100_000);
const BYTES = 64;
const ROUNDS = scaled(2_000);
const MESSAGE = flatText('ping '.repeat(6));
/** The flood ends when no datagram came for this long (a lost datagram never comes). */
const QUIET_MS = 300;
const registry = new Registry().register(udpDriver);

interface UdpFlood {
  rate: number;
  received: number;
}

async function rawSocket(port: number): Promise<Socket> {
  const socket = createSocket('udp4');
  socket.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  return socket;
}

async function rawFlood(port: number): Promise<UdpFlood> {
  const socket = await rawSocket(port);
  let received = 0;
  let sink = 0;
  let last = 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    let timer = setTimeout(resolve, 5000);
    socket.on('message', (data: Buffer) => {
      sink += data.toString().length; // decoded, as omnidial's read() hands it over
      last = performance.now();
      clearTimeout(timer);
      if (++received === COUNT) resolve();
      else timer = setTimeout(resolve, QUIET_MS);
    });
    socket.send(`flood ${COUNT} ${BYTES}`);
  });
  socket.close();
  return { rate: sink > 0 ? received / ((last - start) / 1000) : 0, received };
}

async function omniFlood(port: number, batch: boolean): Promise<UdpFlood> {
  const conn: Connection = await dial(`udp://127.0.0.1:${port}|qsize=${COUNT}`, { registry });
  const many = batch ? batching(conn) : undefined;
  let received = 0;
  let last = 0;
  const start = performance.now();
  await conn.write(`flood ${COUNT} ${BYTES}`);
  while (received < COUNT) {
    if (many !== undefined) {
      const messages = await many.readMany(COUNT - received, QUIET_MS);
      if (messages === null || messages.length === 0) break;
      received += messages.length;
    } else {
      if ((await conn.read(QUIET_MS)) === null) break;
      received += 1;
    }
    last = performance.now();
  }
  await conn.close();
  return { rate: received / ((last - start) / 1000), received };
}

async function rawEchoSide(port: number): Promise<EchoSide> {
  const socket = await rawSocket(port);
  return {
    trip: async () => {
      const back = once(socket, 'message');
      socket.send(MESSAGE);
      return String((await back)[0]);
    },
    close: () => void socket.close(),
  };
}

async function omniEchoSide(port: number): Promise<EchoSide> {
  return connectionEcho(await dial(`udp://127.0.0.1:${port}`, { registry }), MESSAGE);
}

/** The udp section of RESULTS.md. */
export async function run(): Promise<BenchSection> {
  const child = await startChild<{ port: number }>(fileURLToPath(new URL('./lib/udp-server.mjs', import.meta.url)), []);
  try {
    const { port } = child.ports;
    const rtt = await interleavedRoundTrips(
      { raw: () => rawEchoSide(port), omni: () => omniEchoSide(port) },
      ROUNDS,
      1000,
    );
    const batch = await hasBatchApi();
    const variants: Record<string, () => Promise<UdpFlood>> = {
      raw: () => rawFlood(port),
      omni: () => omniFlood(port, false),
    };
    if (batch) variants.many = () => omniFlood(port, true);
    const floods = await alternate(variants);
    const rate = (name: string): number[] => floods[name]!.map((f) => f.rate);
    const got = (name: string): string => num(Math.min(...floods[name]!.map((f) => f.received)));
    const p = (side: 'raw' | 'omni', key: 'p50' | 'p99'): number[] => rtt[side].map((r) => r[key]);
    const rows: Row[] = [
      compare(
        `echo round trip p50, ${num(ROUNDS)} × ${MESSAGE.length} B`,
        'µs',
        'lower',
        p('raw', 'p50'),
        p('omni', 'p50'),
        { target: TARGET },
      ),
      compare('echo round trip p99', 'µs', 'lower', p('raw', 'p99'), p('omni', 'p99')),
      compare(
        `flood ${num(COUNT)} × ${BYTES} B datagrams, read()`,
        'msg/s',
        'higher',
        rate('raw'),
        rate('omni'),
        batch ? { note: PER_MESSAGE } : { target: TARGET },
      ),
      batch
        ? compare(
            `flood ${num(COUNT)} × ${BYTES} B datagrams, readMany()`,
            'msg/s',
            'higher',
            rate('raw'),
            rate('many'),
            { target: TARGET },
          )
        : info(
            `flood ${num(COUNT)} × ${BYTES} B datagrams, readMany()`,
            '',
            NO_BATCH,
            'slot: measured once core has the batch API',
          ),
      info(
        `datagrams received, worst of ${RUNS} runs`,
        got('raw'),
        batch ? `${got('omni')} / ${got('many')} (batch)` : got('omni'),
      ),
    ];
    return {
      title: 'UDP (udp://, node:dgram)',
      baseline: 'raw node:dgram',
      rows,
      notes: [
        'The server runs in a forked child. raw = a connected dgram socket, each datagram decoded to a string in the `message` handler; omnidial = `dial()` + an `await conn.read()` loop (qsize = the flood size).',
        `Flood: the client asks for ${num(COUNT)} datagrams; the server sends them 64 per event-loop turn. Rate = datagrams received / time to the last one (the kernel may drop datagrams when the client falls behind: a slower reader loses more, see the received row).`,
        `Each figure: median (lowest–highest) of ${RUNS} runs per side after a warm-up of each, alternating with the order rotated each round; round trips: ${num(ROUNDS)} per side and run, raw and omnidial interleaved round by round (lib/round-trips.ts).`,
      ],
    };
  } finally {
    await child.stop();
  }
}
