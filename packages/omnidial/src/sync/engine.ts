/**
 * The engine thread of `omnidial/sync`: runs the async core for one calling thread and
 * answers its requests. Started by `channel.ts`; not an entry point for users.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { dial, release, type Connection, type DialOptions } from '../index.js';
import { SLOT, toWire, type DialedInfo, type EngineReply, type EngineRequest } from './protocol.js';

const { control: shared, port } = workerData as { control: SharedArrayBuffer; port: MessagePort };
const words = new Int32Array(shared);
const connections = new Map<number, Connection>();
const pending = new Map<number, AbortController>();
let nextConn = 0;

function reply(message: EngineReply): void {
  port.postMessage(message);
  Atomics.add(words, SLOT.replies, 1);
  Atomics.notify(words, SLOT.replies);
}

function dead(): void {
  Atomics.store(words, SLOT.dead, 1);
  Atomics.notify(words, SLOT.replies);
}

process.on('exit', dead);
process.on('uncaughtException', (error) => {
  process.stderr.write(`omnidial/sync engine: ${error.stack ?? String(error)}\n`);
  dead();
  process.exit(1);
});

port.on('message', (request: EngineRequest) => {
  if (request.op === 'cancel') {
    pending.get(request.args[0] as number)?.abort();
    return;
  }
  let answer: unknown;
  try {
    answer = serve(request);
  } catch (error) {
    reply({ id: request.id, ok: false, error: toWire(error) });
    return;
  }
  if (!(answer instanceof Promise)) {
    reply({ id: request.id, ok: true, value: answer });
    return;
  }
  answer
    .then(
      (value: unknown) => reply({ id: request.id, ok: true, value }),
      (error: unknown) => reply({ id: request.id, ok: false, error: toWire(error) }),
    )
    .finally(() => pending.delete(request.id));
});

function serve(request: EngineRequest): unknown {
  const { op, args } = request;
  if (op === 'dial') return dialOne(args[0] as string | number, args[1] as number | DialOptions | undefined);
  if (op === 'release') return release(args[0] as number);
  const conn = connections.get(request.conn);
  if (conn === undefined) throw new Error(`omnidial/sync: unknown connection ${request.conn}`);
  switch (op) {
    case 'read': {
      const timeout = args[0] as number | undefined;
      // Only a read that can wait needs to be cancellable by an interrupt.
      if (timeout !== undefined && timeout < 0) return conn.read(timeout);
      const abort = new AbortController();
      pending.set(request.id, abort);
      return conn.read({ timeout, signal: abort.signal });
    }
    case 'write':
      return conn.write(args[0] as string | Uint8Array, args[1] as number | undefined);
    case 'exec':
      return conn.exec(args[0] as string, ...(args[1] as unknown[]));
    case 'fd':
      return conn.fd();
    case 'stats': {
      const stats = conn.stats();
      return { ...stats, lastError: stats.lastError === undefined ? undefined : toWire(stats.lastError) };
    }
    case 'close': {
      connections.delete(request.conn);
      return conn.close();
    }
  }
  throw new Error(`omnidial/sync: unknown operation ${op}`);
}

async function dialOne(address: string | number, timeout: number | DialOptions | undefined): Promise<DialedInfo> {
  const conn = await dial(address, timeout);
  const id = ++nextConn;
  connections.set(id, conn);
  return { conn: id, scheme: conn.scheme, address: conn.address, kind: conn.kind };
}
