/**
 * Round trips and floods over a byte stream (tcp, tls, unix), raw and through omnidial, doing
 * the same work: the raw side decodes each chunk to a string in text mode, as read() does.
 */
import { once } from 'node:events';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { readFileSync } from 'node:fs';
import { dial, Registry, type Connection } from '@omnidial/core';
import { netDrivers } from '@omnidial/transport-net';
import { batching } from './batch.js';
import { collect } from './gc.js';
import { connectionEcho, type EchoSide } from './round-trips.js';
import { batchOf, repeatCall } from './payload.js';

const registry = new Registry();
for (const driver of netDrivers) registry.register(driver);

/** Where a stream server listens: a port on 127.0.0.1, or a unix socket path. */
export type Where = number | string;

/** One stream transport: how raw and omnidial reach a server. */
export interface StreamTarget {
  scheme: 'tcp' | 'tls' | 'unix';
  /** The CA file for tls. */
  caFile?: string;
}

/** The omnidial address of `where`, with `options` (`a=1&b=2`) appended. */
export function addressOf(target: StreamTarget, where: Where, options = ''): string {
  const base = target.scheme === 'unix' ? `unix://${String(where)}` : `${target.scheme}://127.0.0.1:${String(where)}`;
  const all = [target.caFile === undefined ? '' : `ca=${target.caFile}`, options].filter((s) => s !== '').join('&');
  return all === '' ? base : `${base}|${all}`;
}

/** A raw socket connected to `where` (TLS verified against the CA, as omnidial does). */
export async function rawConnect(target: StreamTarget, where: Where): Promise<Socket> {
  if (target.scheme === 'unix') {
    const socket = netConnect(String(where));
    await once(socket, 'connect');
    return socket;
  }
  if (target.scheme === 'tls') {
    const socket = tlsConnect({
      host: '127.0.0.1',
      port: Number(where),
      ca: readFileSync(target.caFile!),
      servername: 'localhost',
    });
    socket.setNoDelay(true);
    await once(socket, 'secureConnect');
    return socket;
  }
  const socket = netConnect({ host: '127.0.0.1', port: Number(where), noDelay: true });
  await once(socket, 'connect');
  return socket;
}

/** Dials `where` through omnidial. */
export function omniConnect(target: StreamTarget, where: Where, options = ''): Promise<Connection> {
  return dial(addressOf(target, where, options), { registry });
}

/** A raw socket as an echo side: one write, then its echo decoded from a `data` event. */
export async function rawEchoSide(target: StreamTarget, where: Where, message: string): Promise<EchoSide> {
  const socket = await rawConnect(target, where);
  return {
    trip: async () => {
      const echoed = once(socket, 'data');
      socket.write(message);
      return String((await echoed)[0]);
    },
    close: () => void socket.destroy(),
  };
}

/** The same through omnidial: `await write()` then `await read()`. */
export async function omniEchoSide(target: StreamTarget, where: Where, message: string): Promise<EchoSide> {
  return connectionEcho(await omniConnect(target, where), message);
}

/** One flood download: MB/s, messages (chunks) per second, and the client's CPU time per MB. */
export interface FloodRate {
  mbps: number;
  chunksPerSecond: number;
  /** CPU time (user + system) of the client process per MB received, µs: what reading costs it. */
  cpuPerMb: number;
}

const rateOf = (bytes: number, chunks: number, started: number, cpu: NodeJS.CpuUsage): FloodRate => {
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const mb = bytes / (1024 * 1024);
  return { mbps: mb / seconds, chunksPerSecond: chunks / seconds, cpuPerMb: (used.user + used.system) / mb };
};

/** Downloads the flood with a raw socket until `end`, decoding each chunk to a string unless `binary`. */
export async function rawFlood(target: StreamTarget, where: Where, binary: boolean): Promise<FloodRate> {
  collect();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const socket = await rawConnect(target, where);
  let bytes = 0;
  let chunks = 0;
  socket.on('data', (chunk: Buffer) => {
    bytes += binary ? chunk.length : chunk.toString('utf8').length; // ASCII: chars = bytes
    chunks += 1;
  });
  await once(socket, 'close');
  return rateOf(bytes, chunks, started, cpu);
}

/**
 * The floor of any awaitable read() on a binary flood: the raw socket's `data` events feeding a
 * minimal reader that awaits one promise per chunk (a waiting reader's promise resolved by the
 * event, or an already-resolved one when a chunk was queued), as a `while (await read())` loop does.
 */
export async function rawAwaitedFlood(target: StreamTarget, where: Where): Promise<FloodRate> {
  collect();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const socket = await rawConnect(target, where);
  const queued: Buffer[] = [];
  let waiting: ((chunk: Buffer | null) => void) | undefined;
  let ended = false;
  socket.on('data', (chunk: Buffer) => {
    const reader = waiting;
    waiting = undefined;
    if (reader === undefined) queued.push(chunk);
    else reader(chunk);
  });
  socket.on('close', () => {
    ended = true;
    waiting?.(null);
  });
  const read = (): Promise<Buffer | null> =>
    queued.length > 0
      ? Promise.resolve(queued.shift()!)
      : ended
        ? Promise.resolve(null)
        : new Promise((resolve) => (waiting = resolve));
  let bytes = 0;
  let chunks = 0;
  for (let chunk = await read(); chunk !== null; chunk = await read()) {
    bytes += chunk.length;
    chunks += 1;
  }
  return rateOf(bytes, chunks, started, cpu);
}

/** Downloads the flood through omnidial: read() (or readMany()) until `""` (the peer closed). */
export async function omniFlood(
  target: StreamTarget,
  where: Where,
  binary: boolean,
  batch: boolean,
): Promise<FloodRate> {
  collect();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const conn = await omniConnect(target, where, `qsize=100000${binary ? '&binary=true' : ''}`);
  const many = batch ? batching(conn) : undefined;
  let bytes = 0;
  let chunks = 0;
  const count = (message: string | Uint8Array): void => {
    bytes += typeof message === 'string' ? message.length : message.byteLength;
    chunks += 1;
  };
  for (;;) {
    if (many !== undefined) {
      const messages = await many.readMany();
      if (messages === null || messages.length === 0 || messages[0] === '') break;
      for (const m of messages) count(m);
    } else {
      const message = await conn.read();
      if (message === '' || message === null) break;
      count(message);
    }
  }
  const rate = rateOf(bytes, chunks, started, cpu);
  await conn.close();
  return rate;
}

/** Messages per second of writing `count` × `message` to the sink until it answers. */
export async function rawWrites(target: StreamTarget, where: Where, count: number, message: string): Promise<number> {
  const socket = await rawConnect(target, where);
  const answered = once(socket, 'data');
  const started = performance.now();
  for (let i = 0; i < count; i += 1) {
    if (!socket.write(message)) await once(socket, 'drain');
  }
  await answered;
  const rate = count / ((performance.now() - started) / 1000);
  socket.destroy();
  return rate;
}

/**
 * The floor of any awaitable `write()` with back-pressure: the raw loop's `socket.write()` plus one
 * promise per write that resolves at once while the socket holds less than 1 MB, or once the
 * socket drained when it holds more (the promise `write()` gives, ADR 0298: a writer that awaits
 * each write is held back once it is that far ahead). `window` in flight and awaited together; the
 * blocked writes share one `drain` listener. Messages per second.
 */
/** Bytes queued in a socket past which a write waits for `drain` (omnidial's stream links, ADR 0298). */
const WRITE_MARK = 1024 * 1024;

export async function rawAwaitedWrites(
  target: StreamTarget,
  where: Where,
  count: number,
  message: string,
  window: number,
): Promise<number> {
  const socket = await rawConnect(target, where);
  const answered = once(socket, 'data');
  const bytes = Buffer.byteLength(message);
  const started = performance.now();
  for (let i = 0; i < count; i += window) {
    let drained: Promise<unknown> | undefined;
    const sends = repeatCall(Math.min(window, count - i), () => {
      if ((socket.write(message) || socket.writableLength < WRITE_MARK) && drained === undefined)
        return Promise.resolve(bytes);
      drained ??= once(socket, 'drain');
      return drained.then(() => bytes);
    });
    await Promise.all(sends);
  }
  await answered;
  const rate = count / ((performance.now() - started) / 1000);
  socket.destroy();
  return rate;
}

/** The same through omnidial: `write()` with `window` in flight (or `writeMany()` of `window`). */
export async function omniWrites(
  target: StreamTarget,
  where: Where,
  count: number,
  message: string,
  window: number,
  batch: boolean,
): Promise<number> {
  const conn = await omniConnect(target, where);
  const many = batch ? batching(conn) : undefined;
  const answered = conn.read();
  const started = performance.now();
  for (let i = 0; i < count; i += window) {
    const n = Math.min(window, count - i);
    if (many !== undefined) await many.writeMany(batchOf(n, message));
    else await Promise.all(repeatCall(n, () => conn.write(message)));
  }
  await answered;
  const rate = count / ((performance.now() - started) / 1000);
  await conn.close();
  return rate;
}
