import { connect, type Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { dial, Registry, type Connection } from '@omnidial/core';
import { tcpDriver } from '@omnidial/transport-net';
import { percentile } from './format.js';

const registry = new Registry().register(tcpDriver);

setFlagsFromString('--expose-gc');
/** A full garbage collection (exposed at run time, so `tsx` needs no flag). */
export const collect = runInNewContext('gc') as () => void;

/** p50/p99 of one round-trip series, in microseconds. */
export interface Latency { p50: number; p99: number }

/** Round-trip times in ns, appended to by the latency runs. */
export type Samples = number[];

/** One flood download: wall time, bytes and messages (chunks) seen. */
export interface Flood {
  seconds: number;
  /** CPU time (user + system) this process spent, in seconds: less sensitive to a busy machine. */
  cpuSeconds: number;
  bytes: number;
  messages: number;
  dropped: number;
}

const cpuNow = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/** p50/p99 in microseconds of samples in ns. */
export function summarize(samples: Samples): Latency {
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50) / 1000, p99: percentile(samples, 99) / 1000 };
}

function connected(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', noDelay: true }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** `rounds` write→echo round trips with raw node:net (`data` events). */
export async function rawLatency(port: number, rounds: number, message: string, samples: Samples): Promise<void> {
  const socket = await connected(port);
  for (let i = 0; i < rounds; i += 1) {
    const started = process.hrtime.bigint();
    const echoed = new Promise((resolve) => socket.once('data', resolve));
    socket.write(message);
    await echoed;
    samples.push(Number(process.hrtime.bigint() - started));
  }
  socket.destroy();
}

/** The same round trips through omnidial: `await write()` then `await read()`. */
export async function omniLatency(port: number, rounds: number, message: string, samples: Samples): Promise<void> {
  const conn = await dial(`tcp://127.0.0.1:${port}`, { registry });
  for (let i = 0; i < rounds; i += 1) {
    const started = process.hrtime.bigint();
    await conn.write(message);
    await conn.read();
    samples.push(Number(process.hrtime.bigint() - started));
  }
  await conn.close();
}

/** Downloads the flood with raw node:net, counting bytes in `data` events until `end`. */
export async function rawFlood(port: number): Promise<Flood> {
  const cpu = cpuNow();
  const started = process.hrtime.bigint();
  const socket = await connected(port);
  let bytes = 0;
  let messages = 0;
  socket.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    messages += 1;
  });
  await new Promise((resolve) => socket.once('close', resolve));
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, cpuSeconds: cpuNow() - cpu, bytes, messages, dropped: 0 };
}

/** Downloads the flood through omnidial: a `read()` loop until `""` (the peer closed). */
export async function omniFlood(port: number, options = ''): Promise<Flood> {
  const cpu = cpuNow();
  const started = process.hrtime.bigint();
  const conn: Connection = await dial(`tcp://127.0.0.1:${port}${options === '' ? '' : `|${options}`}`, { registry });
  let bytes = 0;
  let messages = 0;
  for (;;) {
    const message = await conn.read();
    if (message === '' || message === null) break;
    bytes += typeof message === 'string' ? message.length : message.byteLength; // ASCII: chars = bytes
    messages += 1;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuSeconds = cpuNow() - cpu;
  const { dropped } = conn.stats();
  await conn.close();
  return { seconds, cpuSeconds, bytes, messages, dropped };
}

/** Dials the flood without ever reading; resolves once the peer closed, with RSS figures. */
export async function unreadFlood(port: number, options = ''): Promise<{ rssMb: number; peakMb: number; queued: number; queuedMb: number; dropped: number }> {
  collect();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => void (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const conn = await dial(`tcp://127.0.0.1:${port}${options === '' ? '' : `|${options}`}`, { registry });
  await new Promise<void>((resolve) => conn.once('disconnect', () => resolve()));
  clearInterval(timer);
  collect();
  const stats = conn.stats();
  const rss = process.memoryUsage().rss;
  await conn.close();
  const mb = (n: number): number => n / (1024 * 1024);
  return { rssMb: mb(rss - base), peakMb: mb(Math.max(peak, rss) - base), queued: stats.queued, queuedMb: mb(stats.queuedBytes), dropped: stats.dropped };
}
