import { inspect } from 'node:util';
import type { ConnectionStats, DialError, Message, QueryResult } from '@omnidial/core';
import { call, Interrupted } from './channel.js';
import { fromWire, type DialedInfo, type WireError } from './protocol.js';
import { failed } from './last-error.js';

/** {@link SyncConnection.stats}: the async counters, with `lastError` as plain data. */
export type SyncStats = Omit<ConnectionStats, 'lastError'> & { lastError: WireError | undefined };

/**
 * A connection of `omnidial/sync`: the calls of the async `Connection`, blocking, with
 * FMZ's failure values (`""`, `null`, `0`) and the reason in `lastError()`.
 */
export class SyncConnection {
  readonly #info: DialedInfo;
  #closed = false;
  #handle: number | undefined;

  /** @internal Made by `Dial()`. */
  constructor(info: DialedInfo) {
    this.#info = info;
  }

  /** The scheme, e.g. `wss`. */
  get scheme(): string {
    return this.#info.scheme;
  }

  /** The address with credentials redacted. */
  get address(): string {
    return this.#info.address;
  }

  /**
   * The oldest received message (docs/design.md#receiving): `read()` blocks until one arrives; `read(n)`
   * waits up to n ms, then `null`; `read(-1)` gives `null` at once when empty; `read(-2)`
   * gives the newest and discards the rest. `""` once disconnected (or closed) and drained;
   * `null` on a bad argument, with the reason in `lastError()`.
   */
  read(timeout?: number): Message | null {
    if (this.#closed) return this.#closedValue('read', '');
    const value = this.#call('read', [timeout]);
    if (value === FAILED) return null;
    if (value === '') failed(this.#disconnected('read'));
    return revive(value);
  }

  /** Sends `data` and blocks until it is accepted: the bytes accepted, or `0` (reason in `lastError()`). */
  write(data: string | Uint8Array, timeout?: number): number {
    if (this.#closed) return this.#closedValue('write', 0);
    const value = this.#call('write', [data, timeout]);
    if (value === FAILED) return 0;
    if (value === 0) failed(this.#disconnected('write'));
    return value as number;
  }

  /** Runs one SQL statement with bound parameters: `{ columns, values }`, or `null` (reason in `lastError()`). */
  exec(sql: string, ...params: unknown[]): QueryResult | null {
    if (this.#closed) return this.#closedValue('exec', null);
    const value = this.#call('exec', [sql, params]);
    return value === FAILED ? null : (value as QueryResult);
  }

  /** A handle for `Dial(handle)` in any thread of this process (sync or async `dial`); `0` on failure. */
  fd(): number {
    if (this.#handle !== undefined) return this.#handle;
    const value = this.#call('fd', []);
    if (value === FAILED) return 0;
    this.#handle = value as number;
    return this.#handle;
  }

  /** Closes this holder's view (idempotent); the link closes when its last holder does. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#call('close', []);
  }

  /** Counters and state, as the async `stats()`. */
  stats(): SyncStats {
    if (this.#closed) throw this.#closedError('handle');
    return this.#call('stats', []) as SyncStats;
  }

  #call(op: 'read' | 'write' | 'exec' | 'fd' | 'close' | 'stats', args: unknown[]): unknown {
    try {
      return call(op, this.#info.conn, args);
    } catch (error) {
      if (error instanceof Interrupted || op === 'stats') throw error;
      failed(error);
      return FAILED;
    }
  }

  #closedValue<T>(op: 'read' | 'write' | 'exec', value: T): T {
    failed(this.#closedError(op));
    return value;
  }

  #closedError(op: 'read' | 'write' | 'exec' | 'handle'): DialError {
    return fromWire({
      code: 'Closed',
      op,
      scheme: this.scheme,
      address: this.address,
      message: `${this.scheme}: connection is closed`,
    });
  }

  #disconnected(op: 'read' | 'write'): DialError {
    return fromWire({
      code: 'Unavailable',
      op,
      scheme: this.scheme,
      address: this.address,
      message: `${this.scheme}: not connected (disconnected or reconnecting)`,
    });
  }

  /** Shows the redacted address, never credentials. */
  toString(): string {
    return `SyncConnection(${this.address}${this.#closed ? ', closed' : ''})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

const FAILED = Symbol('failed');

/** Buffers cross threads as plain Uint8Arrays; give the caller a Buffer again. */
function revive(value: unknown): Message | null {
  if (value instanceof Uint8Array && !Buffer.isBuffer(value))
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return value as Message | null;
}
