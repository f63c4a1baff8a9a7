import type { Connection } from '../connection/connection.js';
import { connectionInternals, createConnection } from '../connection/internals.js';
import { LinkSupervisor } from '../connection/supervisor.js';
import { DialError } from '../errors.js';
import type { Connector, Endpoint, Link, Message, QueryResult, TrafficKind } from '../driver/types.js';
import type { ReceivedMessage } from '../driver/metadata.js';
import { ownsHandle, releaseOwned, serve } from './owner.js';
import { timerDelay } from '../connection/delay.js';
import { untilAborted } from '../connection/call-signal.js';
import { type Call, ViewCalls, remoteCall } from './calls.js';
import { type AttachInfo, ownerThread } from './protocol.js';

/** How long an attach waits for the owning thread to answer, unless the dial gives a timeout. */
const DEFAULT_ATTACH_TIMEOUT_MS = 5000;

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
  const timeoutMs = Math.round((timeoutS ?? DEFAULT_ATTACH_TIMEOUT_MS / 1000) * 1000);
  // Another thread's handle: the owner has the dial's timeout to answer, for the attach and, while calls wait, a ping.
  const calls = ownsHandle(handle) ? undefined : new ViewCalls(handle, timeoutMs);
  const call: Call = calls === undefined ? (op, args) => serve(handle, op, args) : calls.call.bind(calls);
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
  const connector: Connector<Endpoint> = {
    connect: async (_endpoint, context) => {
      if (calls !== undefined) calls.onGone = (error) => context.lost(error);
      return handleLink(call, info.kind);
    },
  };
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
    read: async (timeout) => revive(await call('read', [timeout], timeout)),
    readMessage: async (timeout) =>
      reviveReceived((await call('readMessage', [timeout], timeout)) as ReceivedMessage | null | ''),
    readMany: async (max, timeout) => {
      const many = (await call('readMany', [max, timeout], timeout)) as unknown[] | null;
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
