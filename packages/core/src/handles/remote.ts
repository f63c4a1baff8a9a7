import type { Connection } from '../connection/connection.js';
import { connectionInternals, createConnection } from '../connection/internals.js';
import { LinkSupervisor } from '../connection/supervisor.js';
import { DialError } from '../errors.js';
import type { Connector, Endpoint, Link, Message, QueryResult, TrafficKind } from '../driver/types.js';
import type { ReceivedMessage } from '../driver/metadata.js';
import { ownsHandle, releaseOwned, serve } from './owner.js';
import { timerDelay } from '../connection/delay.js';
import { untilAborted } from '../connection/call-signal.js';
import {
  type AttachInfo,
  type HandleOp,
  type HandleRequest,
  type HandleResponse,
  currentThread,
  deserializeError,
  handleChannel,
  ownerThread,
} from './protocol.js';

/** How long an attach waits for the owning thread to answer, unless the dial gives a timeout. */
const DEFAULT_ATTACH_TIMEOUT_MS = 5000;

type Call = (op: HandleOp, args: unknown[]) => Promise<unknown>;

/**
 * `dial(handle)`: a view of the connection behind `handle`, owned by this or another thread of
 * the process. Reads, writes and statements run on the owner's connection, so every holder
 * shares one socket, subscription or database.
 */
export async function dialHandle(
  handle: number,
  timeoutS: number | undefined,
  signal?: AbortSignal,
): Promise<Connection> {
  if (!Number.isSafeInteger(handle) || handle <= 0) {
    throw new DialError({ code: 'InvalidArgument', op: 'handle', message: `not a connection handle: ${handle}` });
  }
  const call: Call = ownsHandle(handle) ? (op, args) => serve(handle, op, args) : remoteCall(handle);
  const timeoutMs = Math.round((timeoutS ?? DEFAULT_ATTACH_TIMEOUT_MS / 1000) * 1000);
  const info = await withTimeout(call('attach', []) as Promise<AttachInfo>, timeoutMs, handle, signal);
  const endpoint: Endpoint = { scheme: info.scheme, redacted: info.redacted, secrets: [] };
  const connection = createConnection({
    endpoint,
    kind: info.kind,
    queueSize: 1,
    queueBytes: undefined,
    block: false,
    binary: false,
    viewOf: handle,
  });
  const connector: Connector<Endpoint> = { connect: async () => handleLink(call, info.kind) };
  const supervisor = new LinkSupervisor({
    connector,
    endpoint,
    kind: info.kind,
    options: {},
    connectTimeoutMs: timeoutMs,
    sink: connectionInternals(connection),
  });
  connectionInternals(connection).attach(supervisor);
  await supervisor.start(signal);
  return connection;
}

/**
 * Closes the connection behind `handle` for every holder and forgets the handle, in whichever
 * thread owns it. This is how an `fd()` handle of `sqlite3://:memory:` lets go of its database
 * (docs/design.md#handles). Resolves false when no thread of the process knows the handle.
 */
export async function release(handle: number): Promise<boolean> {
  if (!Number.isSafeInteger(handle) || handle <= 0) {
    throw new DialError({ code: 'InvalidArgument', op: 'handle', message: `not a connection handle: ${handle}` });
  }
  if (ownsHandle(handle)) return releaseOwned(handle);
  try {
    return await (remoteCall(handle, DEFAULT_ATTACH_TIMEOUT_MS)('free', []) as Promise<boolean>);
  } catch (error) {
    if (error instanceof DialError && error.code === 'NotFound') return false;
    throw error;
  }
}

/** A link whose calls run on the owner's connection (a signal cannot cross threads: the view's own call honours it). */
function handleLink(call: Call, kind: TrafficKind): Link {
  let released = false;
  const close = async (): Promise<void> => {
    if (released) return;
    released = true;
    await call('release', []);
  };
  if (kind === 'sql') return { exec: async (sql, params) => (await call('exec', [sql, params])) as QueryResult, close };
  return {
    read: async (timeout) => revive(await call('read', [timeout])),
    readMessage: async (timeout) =>
      reviveReceived((await call('readMessage', [timeout])) as ReceivedMessage | null | ''),
    readMany: async (max, timeout) => {
      const many = (await call('readMany', [max, timeout])) as unknown[] | null;
      return many === null ? null : (many.map(revive) as Message[]);
    },
    // The owner's write cannot be stopped from here; the view's call ends on its own timeout or abort.
    write: (data, signal) => honoured(call('write', [data]) as Promise<number>, signal),
    writeMany: (items, signal) => honoured(call('writeMany', [items]) as Promise<number>, signal),
    close,
  };
}

/** `promise`, ended early by `signal` (a write's timeout or abort) when there is one. */
function honoured<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  return signal === undefined ? promise : untilAborted(promise, signal);
}

/** Buffers cross threads as plain Uint8Arrays; give the caller a Buffer again. */
function revive(value: unknown): Message | null {
  if (value instanceof Uint8Array && !Buffer.isBuffer(value))
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return value as Message | null;
}

/** A message with metadata crossed threads: its bytes (data, Kafka key and headers) become Buffers again. */
function reviveReceived(received: ReceivedMessage | null | ''): ReceivedMessage | null | '' {
  if (received === null || received === '') return received;
  const revived: Record<string, unknown> = { ...received, data: revive(received.data) };
  if (received.transport === 'kafka') {
    revived.key = revive(received.key);
    revived.headers = Object.fromEntries(
      Object.entries(received.headers).map(([name, value]) => [name, revive(value)]),
    );
  }
  return revived as unknown as ReceivedMessage;
}

let nextId = 0;
const pending = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();
let listening = false;

/** Calls the owning thread; with `timeoutMs`, gives up (NotFound) and forgets the call. */
function remoteCall(handle: number, timeoutMs?: number): Call {
  listen();
  const self = currentThread();
  return (op, args) =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      const delay = timerDelay(timeoutMs);
      const timer =
        delay === undefined
          ? undefined
          : setTimeout(() => {
              settled(id);
              reject(
                new DialError({
                  code: 'NotFound',
                  op: 'handle',
                  message: `handle ${handle}: no thread of this process owns it`,
                }),
              );
            }, delay);
      pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      if (pending.size === 1) handleChannel().ref();
      const request: HandleRequest = { kind: 'request', id, from: self, handle, op, args };
      handleChannel().postMessage(request);
    });
}

function settled(id: number): void {
  pending.delete(id);
  if (pending.size === 0) handleChannel().unref();
}

function listen(): void {
  if (listening) return;
  listening = true;
  const self = currentThread();
  handleChannel().addEventListener('message', (event) => {
    const response = (event as unknown as { data: HandleResponse }).data;
    if (response?.kind !== 'response' || response.to !== self) return;
    const waiter = pending.get(response.id);
    if (waiter === undefined) return;
    settled(response.id);
    if (response.ok) waiter.resolve(response.value);
    else waiter.reject(deserializeError(response.error!));
  });
}

async function withTimeout<T>(
  promise: Promise<T>,
  timeoutMs: number,
  handle: number,
  signal?: AbortSignal,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    const delay = timerDelay(timeoutMs);
    if (delay !== undefined) {
      timer = setTimeout(
        () =>
          reject(
            new DialError({
              code: 'NotFound',
              op: 'handle',
              message: `handle ${handle}: the owning thread (${ownerThread(handle)}) did not answer within ${timeoutMs} ms`,
            }),
          ),
        delay,
      );
    }
    signal?.addEventListener(
      'abort',
      () => reject(new DialError({ code: 'Canceled', op: 'handle', message: 'dial canceled' })),
      { once: true },
    );
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}
