import { DialError } from '../errors.js';
import type { Endpoint, Message, MessageLink, QueryResult, Settle } from '../driver/types.js';
import type { MetadataSource, ReceivedMessage } from '../driver/metadata.js';
import { ownCounters, type ConnectionEventName, type ConnectionEvents, type ConnectionStats } from './events.js';
import { StatusEvents } from './status-events.js';
import type { CallOptions, ConnectionInit } from './init.js';
import { Inbox } from './inbox.js';
import {
  DATA,
  MANY,
  PULL_READ,
  PULL_READ_MESSAGE,
  WITH_METADATA,
  readCall,
  readNow,
  type PullRead,
  type ReadShape,
  type ReceivePort,
} from './receive.js';
import { Failures } from './failures.js';
import { Sender } from './sender.js';
import type { DeliveryBatch, LinkState, LinkSupervisor, StateDetail, SupervisorSink } from './supervisor.js';
import { issueHandle, releaseHolder } from '../handles/owner.js';
import { badMax } from './args.js';

export type { CallOptions, ConnectionInit } from './init.js';
import { connectionHooks, type ConnectionInternals } from './hooks.js';
import type { ExecOptions } from './exec-call.js';
import { SqlCalls } from './sql-calls.js';

/**
 * One dialed connection: the same small object for every scheme.
 * Received messages wait in a bounded queue until `read()`; `write()` sends; `close()` ends it.
 */
export class Connection implements AsyncIterable<Message> {
  readonly #init: ConnectionInit;
  readonly #inbox: Inbox;
  readonly #events: StatusEvents;
  readonly #errors: Failures;
  readonly #sender: Sender;
  #supervisor: LinkSupervisor<Endpoint> | undefined;
  #state: LinkState = 'open';
  #downSince = 0;
  #handle: number | undefined;
  /** This holder closed, while other holders of its handle keep the link open. */
  #released = false;
  #closing: Promise<void> | undefined;
  readonly #stats = ownCounters();

  /** Built by `dial()` (`createConnection`); users never construct connections. */
  private constructor(init: ConnectionInit) {
    this.#init = init;
    this.#handle = init.viewOf;
    const link = (): MessageLink | undefined => this.#messageLink();
    const { queueSize, queueBytes, block, probe, binary } = init;
    this.#inbox = new Inbox({ queueSize, queueBytes, block, link, probe, binary, counters: this.#stats });
    const errors = new Failures(init.endpoint, init.probe);
    this.#errors = errors;
    this.#events = new StatusEvents(errors);
    this.#sender = new Sender(link, errors, this.#stats);
  }

  static {
    // One small object per connection whose methods live on a shared prototype (not ten closures).
    class Internals implements ConnectionInternals {
      constructor(readonly c: Connection) {}
      attach(supervisor: LinkSupervisor<Endpoint>): void {
        this.c.#supervisor = supervisor;
        this.c.#errors.attach(supervisor);
      }
      deliver(message: Message, bytes: number, settle: Settle | undefined, meta?: MetadataSource): void {
        this.c.#deliver(message, bytes, settle, meta);
      }
      deliverMany(...batch: DeliveryBatch): number {
        const { c } = this;
        if (c.#state === 'closed') batch[2]?.forEach((settle) => settle?.('released'));
        else if (c.#inbox.putMany(batch)) c.#droppedSome();
        return c.#inbox.room;
      }
      stateChanged(state: LinkState, detail: StateDetail): void {
        this.c.#stateChanged(state, detail);
      }
      serveRead(timeout?: number | CallOptions): Promise<Message | null> {
        return this.c.#serveRead(timeout);
      }
      serveReadMessage(timeout?: number | CallOptions): Promise<ReceivedMessage | null | ''> {
        return this.c.#serveReadMessage(timeout);
      }
      serveReadMany(max?: number, timeout?: number | CallOptions): Promise<Message[] | null> {
        return this.c.#serveReadMany(max, timeout);
      }
      serveWrite(data: string | Uint8Array, timeout?: number | CallOptions): Promise<number> {
        return this.c.#sender.write(data, timeout);
      }
      serveWriteMany(items: readonly (string | Uint8Array)[], timeout?: number | CallOptions): Promise<number> {
        return this.c.#sender.writeMany(items, timeout);
      }
      serveExec(statement: unknown, params: readonly unknown[]): Promise<QueryResult> {
        return this.c.#sqlCalls().exec(statement, params);
      }
      closeUnderlying(): Promise<void> {
        return this.c.#closeUnderlying();
      }
    }
    connectionHooks.internalsOf = (connection) => (connection.#internals ??= new Internals(connection));
    connectionHooks.construct = (init) => new Connection(init);
  }

  /** What the core uses of this connection, kept off its public type (made by the first `connectionInternals()`). */
  #internals: ConnectionInternals | undefined;

  /** What the shared read table needs of this connection; made by the first read that waits or takes from the queue. */
  #port: ReceivePort | undefined;

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
    if (this.#messageLink()?.read === undefined) {
      const now = readNow(this.#inbox, this.#state === 'open', timeout);
      if (now !== undefined) return now;
    }
    return this.#serveRead(timeout);
  }

  /** `read()` for holders of this connection's handle, even after this holder closed. */
  #serveRead(timeout?: number | CallOptions): Promise<Message | null> {
    return this.#receive(DATA, timeout, 1, PULL_READ);
  }

  /**
   * {@link read} from the same queue and read table, but gives the message with its receive time and what
   * the transport knows: topic, subject, routing key, partition, offset, key, headers (narrow on `transport`).
   */
  readMessage(timeout?: number | CallOptions): Promise<ReceivedMessage | null | ''> {
    if (this.#init.kind === 'sql') return Promise.reject(this.#errors.notStream('read'));
    return this.#released ? Promise.resolve('') : this.#serveReadMessage(timeout);
  }

  #serveReadMessage(timeout?: number | CallOptions): Promise<ReceivedMessage | null | ''> {
    return this.#receive(WITH_METADATA, timeout, 1, PULL_READ_MESSAGE);
  }

  /**
   * Up to `max` queued messages (default: all), oldest first; waits for the first as `read(timeout)`
   * does. `null` where `read()` gives `null`, `[]` where it gives `""`; `-2`: the newest `max`, the rest
   * discarded. Exactly the messages returned are acknowledged on acknowledging brokers.
   */
  readMany(max?: number, timeout?: number | CallOptions): Promise<Message[] | null> {
    if (this.#init.kind === 'sql') return Promise.reject(this.#errors.notStream('read'));
    return this.#released ? Promise.resolve([]) : this.#serveReadMany(max, timeout);
  }

  #serveReadMany(max?: number, timeout?: number | CallOptions): Promise<Message[] | null> {
    const bad = badMax(max);
    if (bad !== undefined) return Promise.reject(this.#errors.invalid('read', bad));
    return this.#receive(MANY, timeout, max ?? Number.POSITIVE_INFINITY, (link, ms, signal) =>
      link.readMany?.(max, ms, signal),
    );
  }

  /** The read table for every shape; `pull` serves it from a pull-style link (a handle's view). */
  #receive<T, D>(
    shape: ReadShape<T, D>,
    timeout: number | CallOptions | undefined,
    max: number,
    pull: PullRead<T, D>,
  ): Promise<T | D | null> {
    this.#port ??= {
      inbox: this.#inbox,
      errors: this.#errors,
      link: () => this.#messageLink(),
      open: () => this.#state === 'open',
    };
    return readCall(this.#port, shape, timeout, max, pull);
  }

  /**
   * Sends `data`. Resolves to the bytes accepted, or 0 while disconnected (or if the link
   * failed during the send). Rejects on a bad argument, a timeout or an abort.
   */
  write(data: string | Uint8Array, timeout?: number | CallOptions): Promise<number> {
    // Not `async`, like read(): errors still come as rejections.
    if (this.#init.kind === 'sql') return Promise.reject(this.#errors.notStream('write'));
    return this.#released ? Promise.resolve(0) : this.#sender.write(data, timeout);
  }

  /**
   * Sends every item, in order, in one call: through the transport's batch path where it has
   * one (one Kafka request, one socket write), else pipelined. Resolves to the total bytes
   * accepted once every item was taken as `write()` would, or 0 while disconnected. A failure
   * rejects with a DialError whose `index` is the first item not written (every item before it was).
   */
  writeMany(items: readonly (string | Uint8Array)[], timeout?: number | CallOptions): Promise<number> {
    if (this.#init.kind === 'sql') return Promise.reject(this.#errors.notStream('write'));
    return this.#released ? Promise.resolve(0) : this.#sender.writeMany(items, timeout);
  }

  /**
   * Runs one SQL statement with bound parameters (`?`, or `$1` for postgres). SQL schemes only.
   * The options form `exec({ sql, params, timeout, signal })` can be given a deadline or canceled.
   */
  exec(sql: string, ...params: unknown[]): Promise<QueryResult>;
  exec(options: ExecOptions): Promise<QueryResult>;
  exec(statement: string | ExecOptions, ...params: unknown[]): Promise<QueryResult> {
    // Not `async` (a database may answer in a microsecond), and small for V8 to inline the driver's (NOTES §33).
    const calls = this.#sql !== undefined && !this.#released ? this.#sql : this.#sqlCall();
    return calls instanceof SqlCalls ? calls.exec(statement, params) : Promise.reject(calls);
  }

  /**
   * Runs `sql` once per parameter list, in order; resolves to the results (no transaction). On sqlite
   * without a timeout the batch runs in this turn for one promise. A failure's `index` names the
   * statement that failed (all before it ran); `timeout` bounds the whole batch. ADR 0295.
   */
  execMany(
    sql: string,
    paramSets: readonly (readonly unknown[])[],
    timeout?: number | CallOptions,
  ): Promise<QueryResult[]> {
    const calls = this.#sqlCall();
    return calls instanceof DialError ? Promise.reject(calls) : calls.execMany(sql, paramSets, timeout);
  }

  /** This holder's `exec()` and `execMany()`, or why it has none (not a database, closed). */
  #sqlCall(): SqlCalls | DialError {
    if (this.#init.kind !== 'sql')
      return this.#errors.unimplemented('exec', `${this.scheme}:// is not a database; exec() is for SQL schemes`);
    if (this.#released) return this.#supervisor!.error('Closed', 'connection is closed', undefined, 'exec');
    return this.#sqlCalls();
  }
  /** `exec()` and `execMany()`, also for holders of this connection's handle after this holder closed. */
  #sql: SqlCalls | undefined;
  #sqlCalls(): SqlCalls {
    return (this.#sql ??= new SqlCalls(this.#supervisor!, this.#errors, this.#init.probe, () => this.#state));
  }

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
      const { redial, endpoint } = this.#init;
      if (redial === undefined) throw this.#errors.unimplemented('handle', 'this connection cannot be shared');
      this.#handle = issueHandle(this, redial, endpoint.volatile === true);
    }
    return this.#handle;
  }

  /** Counters and state. */
  stats(): ConnectionStats {
    return { state: this.state, ...this.#stats, ...this.#inbox.counters() };
  }

  /** Subscribes to a status event. */
  on<E extends ConnectionEventName>(event: E, listener: (...args: ConnectionEvents[E]) => void): this {
    this.#events.listen('on', event, listener);
    return this;
  }

  /** Subscribes to one occurrence of a status event. */
  once<E extends ConnectionEventName>(event: E, listener: (...args: ConnectionEvents[E]) => void): this {
    this.#events.listen('once', event, listener);
    return this;
  }

  /** Removes a listener added with `on` or `once`. */
  off<E extends ConnectionEventName>(event: E, listener: (...args: ConnectionEvents[E]) => void): this {
    this.#events.listen('off', event, listener);
    return this;
  }

  /** Every received message, across reconnects; ends when the connection is closed or gives up. */
  async *[Symbol.asyncIterator](): AsyncIterator<Message> {
    this.#requireStream('read');
    yield* this.#inbox.messages(() => this.#state === 'closed' || this.#state === 'disconnected');
  }

  /** `await using conn = await dial(...)` closes it at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Receives from the supervisor. */
  #deliver(message: Message, bytes: number, settle: Settle | undefined, meta?: MetadataSource): void {
    if (this.#state === 'closed') return settle?.('released');
    if (this.#inbox.put(message, bytes, settle, meta)) this.#droppedSome();
  }

  #droppedSome(): void {
    if (this.#events.listens('drop')) this.#events.emit('drop', { total: this.#inbox.queue.counters.dropped });
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
      const { attempt = 1, delayMs = 0, error } = detail;
      this.#events.emit('reconnecting', { attempt, delayMs, error });
    } else if (state === 'disconnected') {
      if (previous === 'open') this.#dropped(detail);
      this.#inbox.readers.disconnected(true);
      if (detail.error !== undefined) this.#events.emit('giveup', detail.error);
    } else if (state === 'closed') {
      this.#inbox.queue.clear('released');
      this.#inbox.readers.disconnected(true);
    }
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

  #requireStream(op: 'read' | 'write'): void {
    if (this.#init.kind === 'sql') throw this.#errors.notStream(op);
  }

  /** Shows the redacted address and the state, never credentials. */
  toString(): string {
    return `Connection(${this.address}, ${this.#state})`;
  }

  // util.inspect.custom, without an import of node:util (its ES facade loads worker_threads; ADR 0311).
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
