import type { BroadcastChannel } from 'node:worker_threads';
import { DialError, type ErrorCode, type ErrorOp } from '../errors.js';

/** The operations a holder of a handle can ask the owning thread to run (`ping`: are you still there?). */
export type HandleOp =
  'attach' | 'read' | 'readMessage' | 'readMany' | 'write' | 'writeMany' | 'exec' | 'release' | 'free' | 'ping';

/** A request from a holder to the thread that owns the connection. */
export interface HandleRequest {
  kind: 'request';
  id: number;
  from: number;
  handle: number;
  op: HandleOp;
  args: unknown[];
}

/** The owner's answer to a {@link HandleRequest}. */
export interface HandleResponse {
  kind: 'response';
  id: number;
  to: number;
  ok: boolean;
  value?: unknown;
  error?: {
    code: ErrorCode;
    message: string;
    scheme?: string;
    address?: string;
    op?: ErrorOp;
    retryable?: boolean;
    serverCode?: string | number;
    index?: number;
  };
}

/** Facts about the connection that an attaching holder needs to build its view. */
export interface AttachInfo {
  scheme: string;
  redacted: string;
  kind: 'stream' | 'message' | 'datagram' | 'sql';
}

const CHANNEL_NAME = 'omnidial:handles';
/** Handles are `threadId * THREAD_STRIDE + n`, unique across the threads of a process. */
const THREAD_STRIDE = 2 ** 21;

let channel: BroadcastChannel | undefined;

/**
 * node:worker_threads, loaded on first use: a process that never hands a connection to another
 * thread does not load it and the modules it brings (~1.3 ms at start, ADR 0311).
 */
function workerThreads(): typeof import('node:worker_threads') {
  return process.getBuiltinModule('node:worker_threads');
}

/** The process-wide channel every thread's handle code talks on; unref'd so it never keeps a thread alive. */
export function handleChannel(): BroadcastChannel {
  if (channel === undefined) {
    channel = new (workerThreads().BroadcastChannel)(CHANNEL_NAME);
    channel.unref();
  }
  return channel;
}

/** Builds handle number `n` for this thread. */
export function makeHandle(n: number): number {
  return workerThreads().threadId * THREAD_STRIDE + n;
}

/** The thread that issued `handle`. */
export function ownerThread(handle: number): number {
  return Math.floor(handle / THREAD_STRIDE);
}

/** This thread's id. */
export function currentThread(): number {
  return workerThreads().threadId;
}

/** Turns a DialError into the plain object sent across threads. */
export function serializeError(error: unknown): NonNullable<HandleResponse['error']> {
  if (error instanceof DialError) {
    return {
      code: error.code,
      message: error.message,
      scheme: error.scheme,
      address: error.address,
      op: error.op,
      retryable: error.retryable,
      serverCode: error.serverCode,
      index: error.index,
    };
  }
  return { code: 'Unknown', message: error instanceof Error ? error.message : String(error) };
}

/** Rebuilds a DialError received from another thread. */
export function deserializeError(error: NonNullable<HandleResponse['error']>): DialError {
  return new DialError({ ...error, op: error.op ?? 'handle' });
}
