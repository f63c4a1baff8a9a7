import type { Connection } from '../connection/connection.js';
import { connectionInternals } from '../connection/internals.js';
import { DialError } from '../errors.js';
import {
  type AttachInfo,
  type HandleRequest,
  type HandleResponse,
  currentThread,
  handleChannel,
  makeHandle,
  serializeError,
} from './protocol.js';

interface Entry {
  /** The live connection, or undefined after every holder closed it. */
  connection: Connection | undefined;
  /** Dials the original address again (with the original registry and options). */
  redial: () => Promise<Connection>;
  holders: number;
  /** A volatile resource (`:memory:`): the link outlives its holders until `release()`. */
  volatile: boolean;
}

/**
 * How many released handles (every holder closed) this thread remembers so that `dial(handle)`
 * can re-dial them; beyond it the oldest are forgotten and give NotFound (ADR 0121). Live
 * connections are never forgotten.
 */
export const MAX_RELEASED_HANDLES = 1024;

const entries = new Map<number, Entry>();
/** Released handles, oldest first. */
const released = new Set<number>();
let counter = 0;
let listening = false;

/** Registers `connection` under a new handle owned by this thread. */
export function issueHandle(connection: Connection, redial: () => Promise<Connection>, volatile = false): number {
  const handle = makeHandle(++counter);
  entries.set(handle, { connection, redial, holders: 1, volatile });
  listen();
  return handle;
}

/**
 * A holder closed its view. Returns true when it was the last one and the underlying
 * connection must really close.
 */
export function releaseHolder(handle: number): boolean {
  const entry = entries.get(handle);
  if (entry === undefined) return true;
  entry.holders = Math.max(0, entry.holders - 1);
  if (entry.holders > 0 || entry.volatile) return false;
  entry.connection = undefined;
  remember(handle);
  return true;
}

/** Keeps `handle` as released, forgetting the oldest released ones beyond the bound. */
function remember(handle: number): void {
  released.delete(handle);
  released.add(handle);
  for (const oldest of released) {
    if (released.size <= MAX_RELEASED_HANDLES) break;
    released.delete(oldest);
    entries.delete(oldest);
  }
}

/** @internal How many handles this thread remembers (live and released), for tests. */
export function handleCount(): number {
  return entries.size;
}

/**
 * Closes the connection behind a handle this thread issued, whoever still holds it, and
 * forgets the handle. False when the handle is not this thread's.
 */
export async function releaseOwned(handle: number): Promise<boolean> {
  const entry = entries.get(handle);
  if (entry === undefined) return false;
  entries.delete(handle);
  released.delete(handle);
  await (entry.connection === undefined ? undefined : connectionInternals(entry.connection).closeUnderlying());
  return true;
}

/** True when `handle` was issued by this thread. */
export function ownsHandle(handle: number): boolean {
  return entries.has(handle);
}

/** Runs one holder operation against the owned connection. */
export async function serve(handle: number, op: HandleRequest['op'], args: unknown[]): Promise<unknown> {
  const entry = entries.get(handle);
  if (entry === undefined) {
    // A view closing after release(handle): its hold is gone with the handle, and close() never fails for that.
    if (op === 'release') return undefined;
    throw new DialError({ code: 'NotFound', op: 'handle', message: `no connection has handle ${handle}` });
  }
  if (op === 'ping') return true;
  if (op === 'attach') return attach(entry, handle);
  if (op === 'free') return releaseOwned(handle);
  const connection = entry.connection;
  if (connection === undefined)
    throw new DialError({ code: 'Closed', op: 'handle', message: `handle ${handle} was released` });
  switch (op) {
    case 'read':
      return connectionInternals(connection).serveRead(args[0] as number | undefined);
    case 'readMessage':
      return connectionInternals(connection).serveReadMessage(args[0] as number | undefined);
    case 'readMany':
      return connectionInternals(connection).serveReadMany(
        args[0] as number | undefined,
        args[1] as number | undefined,
      );
    case 'write':
      return connectionInternals(connection).serveWrite(args[0] as string | Uint8Array, args[1] as number | undefined);
    case 'writeMany':
      return connectionInternals(connection).serveWriteMany(args[0] as (string | Uint8Array)[]);
    case 'exec':
      return connectionInternals(connection).serveExec(args[0] as string, args[1] as unknown[]);
    case 'release': {
      if (releaseHolder(handle)) await connectionInternals(connection).closeUnderlying();
      return undefined;
    }
  }
}

async function attach(entry: Entry, handle: number): Promise<AttachInfo> {
  if (entry.connection === undefined) {
    entry.connection = await entry.redial();
    entry.holders = 0;
    released.delete(handle);
  }
  entry.holders += 1;
  const { connection } = entry;
  return { scheme: connection.scheme, redacted: connection.address, kind: connection.kind };
}

function listen(): void {
  if (listening) return;
  listening = true;
  const channel = handleChannel();
  const self = currentThread();
  channel.addEventListener('message', (event) => {
    const request = (event as unknown as { data: HandleRequest }).data;
    if (request?.kind !== 'request' || !entries.has(request.handle) || request.from === self) return;
    serve(request.handle, request.op, request.args).then(
      (value) => reply({ kind: 'response', id: request.id, to: request.from, ok: true, value }),
      (error: unknown) =>
        reply({ kind: 'response', id: request.id, to: request.from, ok: false, error: serializeError(error) }),
    );
  });
}

function reply(response: HandleResponse): void {
  handleChannel().postMessage(response);
}
