import { EventEmitter } from 'node:events';
import { inspect } from 'node:util';
import { DialError, withOp } from '../errors.js';
import type { Endpoint, Message, MessageLink, QueryResult, Settle, SqlLink } from '../driver/types.js';
import type { ConnectionEventName, ConnectionEvents, ConnectionStats } from './events.js';
import { Inbox } from './inbox.js';
import { END } from './readers.js';
import type { LinkState, LinkSupervisor, StateDetail, SupervisorSink } from './supervisor.js';
import { releaseHolder } from '../handles/owner.js';
import { callArgs, typeOf } from './args.js';
import { CallErrors } from './call-errors.js';
import { connectionHooks, type ConnectionInternals } from './hooks.js';
import type { ConnectionProbe } from '../diagnostics/probe.js';
import { execArgs, runExec, type ExecFailures, type ExecOptions } from './exec-call.js';
import { callSignal } from './call-signal.js';

const EVENT_NAMES: ReadonlySet<string> = new Set<ConnectionEventName>(['disconnect', 'reconnecting', 'reconnect', 'giveup', 'drop', 'close']);

/** Per-call options of `read`, `write` and `exec`. */
export interface CallOptions {
  /** Milliseconds; see the read table (docs/design.md#receiving). For `write`, a send timeout. */
  timeout?: number;
  signal?: AbortSignal;
}

/** What the connection needs to know at construction. */
export interface ConnectionInit {
  endpoint: Endpoint;
  kind: 'stream' | 'message' | 'datagram' | 'sql';
  queueSize: number;
  queueBytes: number | undefined;
  /** `overflow=block`: stop intake instead of dropping when the queue is full. */
  block: boolean;
  binary: boolean;
  /** Creates the handle for `fd()` on first use (connections made by `dial(address)`). */
  issueHandle?: (connection: Connection) => number;
  /** Set for a view made by `dial(handle)`: its handle; closing the view releases it. */
  viewOf?: number;
  /** Publishes on the diagnostics channels (connections that own their link). */
  probe?: ConnectionProbe;
}

/**
 * One dialed connection: the same small object for every scheme.
 * Received messages wait in a bounded queue until `read()`; `write()` sends; `close()` ends it.
 */
export class Connection implements AsyncIterable<Message> {
  readonly #init: ConnectionInit;
  readonly #inbox: Inbox;
  readonly #events = new EventEmitter();
  readonly #errors: CallErrors;
  #supervisor: LinkSupervisor<Endpoint> | undefined;
  #state: LinkState = 'open';
  #downSince = 0;
  #handle: number | undefined;
  /** This holder closed, while other holders of its handle keep the link open. */
  #released = false;
  #closing: Promise<void> | undefined;
  readonly #stats = { received: 0, receivedBytes: 0, sent: 0, sentBytes: 0, reconnects: 0, lastError: undefined as DialError | undefined };

  /** Built by `dial()` (`createConnection`); users never construct connections. */
  private constructor(init: ConnectionInit) {
    this.#init = init;
    this.#errors = new CallErrors(init.endpoint);
    this.#handle = init.viewOf;
    this.#inbox = new Inbox({ queueSize: init.queueSize, queueBytes: init.queueBytes, block: init.block, link: () => this.#messageLink(), probe: init.probe });
  }

  static {
    connectionHooks.internalsOf = (connection) => connection.#internals;
    connectionHooks.construct = (init) => new Connection(init);
  }

  /** What the core uses of this connection, kept off its public type. */
  readonly #internals: ConnectionInternals = {
    attach: (supervisor) => { this.#supervisor = supervisor; },
    deliver: (message, bytes, settle) => this.#deliver(message, bytes, settle),
    stateChanged: (state, detail) => this.#stateChanged(state, detail),
    serveRead: (timeout) => this.#serveRead(timeout),
    serveWrite: (data, timeout) => this.#serveWrite(data, timeout),
    serveExec: (statement, params) => this.#serveExec(statement, params),
    closeUnderlying: () => this.#closeUnderlying(),
  };

  /** The scheme, e.g. `wss`. */
  get scheme(): string {
    return this.#init.endpoint.scheme;
  }

  /** The address with credentials redacted. */
  get address(): string {
    return this.#init.endpoint.redacted;
  }

  /** `open`, `reconnecting`, `disconnected` or `closed`. */
  get state(): LinkState {
    return this.#released ? 'closed' : this.#state;
  }

  /** How traffic is shaped: `stream`, `message`, `datagram` or `sql`. */
  get kind(): ConnectionInit['kind'] {
    return this.#init.kind;
  }

  /**
   * The oldest received message (docs/design.md#receiving): `read()` waits for one; `read(n)` waits up to
   * n ms and gives `null`; `read(-1)` (or `read(0)`) gives `null` at once when empty; `read(-2)` gives the
   * newest and discards the rest. Gives `""` while disconnected, once the queue is drained.
   */
  read(timeout?: number | CallOptions): Promise<Message | null> {
    // Not `async`: a wrapper promise per read is measurable on brokers; errors still reject.
    if (this.#init.kind === 'sql') return Promise.reject(this.#errors.notStream('read'));
    if (this.#released) return Promise.resolve('');
    // Fast path: a message is queued and the caller wants the oldest one.
    if (this.#inbox.queue.length > 0 && (timeout === undefined || (typeof timeout === 'number' && timeout === timeout)) && timeout !== -2 && this.#messageLink()?.read === undefined) {
      return Promise.resolve(this.#inbox.takeOldest()!);
    }
    return this.#serveRead(timeout);
  }

  /** `read()` for holders of this connection's handle, even after this holder closed. */
  async #serveRead(timeout?: number | CallOptions): Promise<Message | null> {
    const args = callArgs(timeout, (message) => this.#errors.invalid('read', message));
    if (args instanceof DialError) throw args;
    const { ms, signal } = args;
    if (signal?.aborted) throw this.#errors.canceled('read', signal);
    const link = this.#messageLink();
    if (link?.read !== undefined) return link.read(ms, signal).catch((error: unknown) => { throw this.#linkError(error, 'read'); });
    if (ms === -2) return this.#inbox.takeNewest() ?? this.#nothing(this.#state === 'open' ? null : '');
    const queued = this.#inbox.takeOldest();
    if (queued !== undefined) return queued;
    if (this.#state !== 'open') return this.#nothing('');
    if (ms === -1 || ms === 0) return this.#nothing(null);
    if (ms !== undefined && !(ms > 0)) throw this.#errors.invalid('read', `timeout must be -2, -1, 0 or a positive number of ms, got ${ms}`);
    const outcome = await this.#inbox.readers.wait(ms, signal, false);
    if (signal?.aborted && outcome === null) throw this.#errors.canceled('read', signal);
    return outcome === END ? '' : outcome;
  }

  /**
   * Sends `data`. Resolves to the bytes accepted, or 0 while disconnected (or if the link
   * failed during the send). Rejects on a bad argument, a timeout or an abort.
   */
  write(data: string | Uint8Array, timeout?: number | CallOptions): Promise<number> {
    // Not `async`, like read(): errors still come as rejections.
    if (this.#init.kind === 'sql') return Promise.reject(this.#errors.notStream('write'));
    return this.#released ? Promise.resolve(0) : this.#serveWrite(data, timeout);
  }

  /** `write()` for holders of this connection's handle, even after this holder closed. */
  #serveWrite(data: string | Uint8Array, timeout?: number | CallOptions): Promise<number> {
    if (typeof data !== 'string' && !(data instanceof Uint8Array)) {
      return Promise.reject(this.#errors.invalid('write', `data must be a string or bytes, got ${typeOf(data)}`));
    }
    const args = timeout === undefined ? undefined : callArgs(timeout, (message) => this.#errors.invalid('write', message));
    if (args instanceof DialError) return Promise.reject(args);
    const ms = args?.ms;
    if (ms !== undefined && ms < 0) return Promise.reject(this.#errors.invalid('write', `the timeout must be 0 (none) or a positive number of ms, got ${ms}`));
    const signal = args?.signal;
    const link = this.#messageLink();
    if (link === undefined) return Promise.resolve(0);
    const linkSignal = ms === undefined && signal === undefined ? undefined : callSignal(ms, signal).link;
    let sending: Promise<number>;
    try {
      sending = link.write(data, linkSignal);
    } catch (error) {
      sending = Promise.reject(error);
    }
    const onFailure = linkSignal === undefined ? this.#writeFailed : (error: unknown) => this.#writeFailedWith(error, signal, ms);
    return sending.then(this.#written, onFailure);
  }

  readonly #written = (bytes: number): number => {
    this.#stats.sent += 1;
    this.#stats.sentBytes += bytes;
    return bytes;
  };

  readonly #writeFailed = (error: unknown): number => this.#writeFailedWith(error, undefined, undefined);

  /** A failed link write: 0 when the link is gone (FMZ's contract), otherwise a DialError. */
  #writeFailedWith(error: unknown, signal: AbortSignal | undefined, ms: number | undefined): number {
    if (signal?.aborted) throw this.#errors.canceled('write', signal);
    if (error instanceof DialError && (error.code === 'Unavailable' || error.code === 'Closed')) return 0;
    if (error instanceof Error && error.name === 'TimeoutError') {
      const timeout = this.#supervisor!.error('Timeout', `write timed out after ${ms} ms`, error, 'write');
      this.#init.probe?.error(timeout);
      throw timeout;
    }
    throw this.#linkError(error, 'write');
  }

  /**
   * Runs one SQL statement with bound parameters (`?`, or `$1` for postgres). SQL schemes only.
   * The options form `exec({ sql, params, timeout, signal })` can be given a deadline or canceled.
   */
  exec(sql: string, ...params: unknown[]): Promise<QueryResult>;
  exec(options: ExecOptions): Promise<QueryResult>;
  exec(statement: string | ExecOptions, ...params: unknown[]): Promise<QueryResult> {
    // Not `async`, like read(): an embedded database answers in about a microsecond, and a
    // wrapper promise per call would be most of omnidial's cost.
    if (this.#init.kind !== 'sql') {
      return Promise.reject(this.#errors.unimplemented('exec', `${this.scheme}:// is not a database; exec() is for SQL schemes`));
    }
    return this.#released ? Promise.reject(this.#supervisor!.error('Closed', 'connection is closed', undefined, 'exec')) : this.#serveExec(statement, params);
  }

  /** `exec()` for holders of this connection's handle, even after this holder closed. */
  #serveExec(statement: unknown, params: readonly unknown[]): Promise<QueryResult> {
    const args = execArgs(statement, params, (message) => this.#errors.invalid('exec', message));
    if (args instanceof DialError) return Promise.reject(args);
    const link = this.#supervisor?.link as SqlLink | undefined;
    if (link === undefined) {
      return Promise.reject(this.#supervisor!.error(this.#state === 'closed' ? 'Closed' : 'Unavailable', `connection is ${this.#state}`, undefined, 'exec'));
    }
    const started = this.#init.probe?.execStart();
    const running = runExec(link, args, this.#execFailures);
    return started === undefined ? running : this.#init.probe!.execEnd(running, started);
  }

  readonly #execFailures: ExecFailures = {
    canceled: (signal) => this.#errors.canceled('exec', signal),
    timedOut: (ms, cause) => this.#supervisor!.error('Timeout', `exec timed out after ${ms} ms`, cause, 'exec'),
    failed: (error) => this.#linkError(error, 'exec'),
  };

  /**
   * Drops the link and connects again at once, without waiting for `interval` (e.g. a daily
   * listen-key rotation); `prepare` runs first. Resolves once the new link is open, rejects
   * with the attempt's DialError (re-dialed with backoff when `reconnect=true`) or `Closed`.
   */
  reconnect(): Promise<void> {
    if (this.#released) return Promise.reject(this.#supervisor!.error('Closed', 'connection is closed'));
    return this.#supervisor!.reconnectNow();
  }

  /** Closes the connection (idempotent). Waiting readers get `""`; unread messages are `released`: not acknowledged, so a broker redelivers them. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      const shared = this.#init.viewOf === undefined && this.#handle !== undefined;
      if (shared && !releaseHolder(this.#handle!)) {
        this.#released = true;
        this.#events.emit('close');
        return;
      }
      await this.#closeUnderlying();
    })();
    return this.#closing;
  }

  /** Closes the link itself, whatever holders remain. */
  async #closeUnderlying(): Promise<void> {
    await this.#supervisor?.close();
    this.#events.emit('close');
  }

  /**
   * A number that `dial(handle)` in any worker thread of this process turns into the same
   * connection (docs/design.md#handles). The link stays open while any holder has it open.
   */
  fd(): number {
    if (this.#handle === undefined) {
      if (this.#init.issueHandle === undefined) throw this.#errors.unimplemented('handle', 'this connection cannot be shared');
      this.#handle = this.#init.issueHandle(this);
    }
    return this.#handle;
  }

  /** Counters and state. */
  stats(): ConnectionStats {
    const { queue } = this.#inbox;
    const { dropped, discarded } = queue.counters;
    return { state: this.state, ...this.#stats, dropped, discarded, queued: queue.length, queuedBytes: queue.bytes, paused: this.#inbox.stopped };
  }

  /** Subscribes to a status event. */
  on<E extends ConnectionEventName>(event: E, listener: (...args: ConnectionEvents[E]) => void): this {
    this.#checkListener('on', event, listener);
    this.#events.on(event, listener as (...args: unknown[]) => void);
    return this;
  }

  /** Subscribes to one occurrence of a status event. */
  once<E extends ConnectionEventName>(event: E, listener: (...args: ConnectionEvents[E]) => void): this {
    this.#checkListener('once', event, listener);
    this.#events.once(event, listener as (...args: unknown[]) => void);
    return this;
  }

  /** Removes a listener added with `on` or `once`. */
  off<E extends ConnectionEventName>(event: E, listener: (...args: ConnectionEvents[E]) => void): this {
    this.#checkListener('off', event, listener);
    this.#events.off(event, listener as (...args: unknown[]) => void);
    return this;
  }

  /** Every received message, across reconnects; ends when the connection is closed or gives up. */
  async *[Symbol.asyncIterator](): AsyncIterator<Message> {
    this.#requireStream('read');
    for (;;) {
      const queued = this.#inbox.takeOldest();
      if (queued !== undefined) {
        yield queued;
        continue;
      }
      if (this.#state === 'closed' || this.#state === 'disconnected') return;
      const outcome = await this.#inbox.readers.wait(undefined, undefined, true);
      if (outcome === END) return;
      if (outcome !== null && outcome !== '') yield outcome;
    }
  }

  /** `await using conn = await dial(...)` closes it at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Receives from the supervisor. */
  #deliver(message: Message, bytes: number, settle: Settle | undefined): void {
    if (this.#state === 'closed') {
      settle?.('released');
      return;
    }
    this.#stats.received += 1;
    this.#stats.receivedBytes += bytes;
    if (this.#init.binary && typeof message === 'string') message = Buffer.from(message);
    if (this.#inbox.put(message, bytes, settle) && this.#events.listenerCount('drop') > 0) {
      this.#events.emit('drop', { total: this.#inbox.queue.counters.dropped });
    }
  }

  /** Receives from the supervisor. */
  #stateChanged(state: LinkState, detail: StateDetail): void {
    const previous = this.#state;
    this.#state = state;
    if (detail.error !== undefined) this.#stats.lastError = detail.error;
    this.#init.probe?.stateChanged(state, detail);
    if (state === 'open') this.#inbox.linkOpened();
    if (state === 'open' && previous === 'reconnecting') {
      this.#stats.reconnects += 1;
      this.#events.emit('reconnect', { attempts: detail.attempt ?? 1, downtimeMs: Date.now() - this.#downSince });
    } else if (state === 'reconnecting') {
      if (previous === 'open') this.#dropped(detail);
      this.#events.emit('reconnecting', { attempt: detail.attempt ?? 1, delayMs: detail.delayMs ?? 0 });
    } else if (state === 'disconnected') {
      if (previous === 'open') this.#dropped(detail);
      this.#inbox.readers.disconnected(true);
      if (detail.error !== undefined) this.#events.emit('giveup', detail.error);
    } else if (state === 'closed') {
      this.#inbox.queue.clear('released');
      this.#inbox.readers.disconnected(true);
    }
  }

  /** An immediate `null`/`""` waits a turn: a loop polling without sleep cannot starve timers and sockets. */
  #nothing<T extends null | ''>(value: T): Promise<T> {
    return new Promise((resolve) => setImmediate(resolve, value));
  }

  #dropped(detail: StateDetail): void {
    this.#downSince = Date.now();
    this.#inbox.readers.disconnected(false);
    if (detail.error !== undefined) this.#events.emit('disconnect', detail.error);
  }

  /** The live link of a non-SQL connection (the supervisor checked its kind when it opened). */
  #messageLink(): MessageLink | undefined {
    return this.#supervisor?.link as MessageLink | undefined;
  }

  /** An error a link raised during `op`, as a DialError of that op (credentials scrubbed). */
  #linkError(error: unknown, op: 'read' | 'write' | 'exec'): DialError {
    const failure = error instanceof DialError ? withOp(error, op) : this.#supervisor!.error('Unknown', error instanceof Error ? error.message : String(error), error, op);
    this.#init.probe?.error(failure);
    return failure;
  }

  #checkListener(method: string, event: unknown, listener: unknown): void {
    if (typeof event !== 'string' || !EVENT_NAMES.has(event)) {
      throw this.#errors.invalid(undefined, `${method}(): unknown event ${typeof event === 'string' ? JSON.stringify(event) : typeOf(event)}; known: ${[...EVENT_NAMES].join(', ')}`);
    }
    if (typeof listener !== 'function') throw this.#errors.invalid(undefined, `${method}(): the listener must be a function, got ${typeOf(listener)}`);
  }

  #requireStream(op: 'read' | 'write'): void {
    if (this.#init.kind === 'sql') throw this.#errors.notStream(op);
  }

  /** Shows the redacted address and the state, never credentials. */
  toString(): string {
    return `Connection(${this.address}, ${this.#state})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
