import type { DialError, ErrorCode, ErrorOp } from '../errors.js';
import type { OptionSchema, ResolvedOptions } from './options.js';
import type { MetadataSource, ReceivedMessage } from './metadata.js';

/** A received message: text when it is valid UTF-8 (and `binary` is off), otherwise bytes. */
export type Message = string | Buffer;

/**
 * How a driver's traffic is shaped. It decides which common options apply and which parts of
 * the conformance suite run.
 * - `stream`: a byte stream (tcp, tls, unix); a message is one received chunk.
 * - `message`: framed messages (WebSocket, brokers).
 * - `datagram`: one datagram per message (udp).
 * - `sql`: a database; `exec()` instead of the receive queue.
 */
export type TrafficKind = 'stream' | 'message' | 'datagram' | 'sql';

/** What a driver can do, declared up front so the core and the conformance suite can rely on it. */
export interface Capabilities {
  readonly kind: TrafficKind;
  /** The reconnect supervisor may re-dial this driver (`reconnect=true`). */
  readonly reconnect: boolean;
  /** Received messages carry a settle callback; acknowledged only once `read()` hands them over. */
  readonly acknowledgements: boolean;
  /** Accepts `proxy=socks5://...`. */
  readonly proxy: boolean;
  /** Accepts the TLS options (`ca`, `cert`, `key`, `servername`, `insecure`). */
  readonly tls: boolean;
  /** Accepts `payload=` (sent after every successful connect and reconnect). */
  readonly payload: boolean;
  /**
   * Intake can be stopped while the reader is behind: the driver's links implement
   * {@link MessageLink.pause}/{@link MessageLink.resume} or are bounded by broker flow control. Enables
   * `overflow=block`.
   */
  readonly flowControl?: boolean;
}

/**
 * The validated target of a dial: built by {@link Driver.parse} without any I/O.
 * Drivers extend it with whatever their connector needs.
 */
export interface Endpoint {
  readonly scheme: string;
  /** The address as it may be shown: credentials replaced by `***`. */
  readonly redacted: string;
  /** Credential strings that must never appear in any output (scrubbed from error texts). */
  readonly secrets: readonly string[];
  /**
   * The resource lives only as long as a link to it (an in-memory database). Once `fd()` has
   * handed out a handle, the link then stays open after its last holder closes, until
   * `release(handle)` or the end of the process (docs/design.md#handles).
   */
  readonly volatile?: boolean;
}

/** What {@link Driver.parse} receives. */
export interface ParseInput {
  /** Lower-case scheme, e.g. `tcp`. */
  readonly scheme: string;
  /** The address part before `|`, exactly as given (for redaction and messages). */
  readonly base: string;
  /**
   * The base to read the target from: without its `?query` when {@link Driver.queryOptions}
   * is set (the core parsed the query into `options`), else the same as `base`.
   */
  readonly url: string;
  /** Validated options with defaults applied (common and driver-specific). */
  readonly options: ResolvedOptions;
}

/**
 * How a received message that carries a settle callback left the receive queue:
 * `delivered` (handed to the caller, or skipped by `read(-2)`): acknowledge it;
 * `released` (still unread when the connection closed): do not acknowledge it, so the broker
 * redelivers it. The core never drops such a message; it stops intake instead.
 */
export type SettleOutcome = 'delivered' | 'released';

/** Called exactly once per message that carries it, when it leaves the receive queue. */
export type Settle = (outcome: SettleOutcome) => void;

/** Extra facts for {@link LinkContext.error}. */
export interface ErrorDetail {
  readonly op?: ErrorOp;
  /** The server's own error code (SQL state, broker reply code). */
  readonly serverCode?: string | number;
}

/** The core's side of one live link, handed to {@link Connector.connect}. */
export interface LinkContext {
  readonly options: ResolvedOptions;
  /** Aborted when the connect attempt must stop (timeout, `close()`, caller's signal). */
  readonly signal: AbortSignal;
  /** Connect timeout in milliseconds (already enforced by the core through `signal`). */
  readonly timeoutMs: number;
  /**
   * Hands one received message to the receive queue.
   * @param bytes its size on the wire, for `qbytes` and `stats()`.
   * @param settle for acknowledging brokers; called once when read, discarded by `read(-2)`
   *   or released at close. A message with a settle callback is never dropped by the queue.
   * @param meta what the transport knows about it, for `readMessage()`: a shared frozen object
   *   when nothing varies per message, or a function that builds it (called only by
   *   `readMessage()`) when building costs per message; `read()` pays for whatever is built here.
   */
  deliver(message: Message, bytes: number, settle?: Settle, meta?: MetadataSource): void;
  /**
   * Hands several received messages to the receive queue at once, oldest first: the same as
   * {@link LinkContext.deliver} for each in turn, with the connection's bookkeeping (state, counters,
   * receive time, intake control) done once for the batch. For a client that hands over many
   * messages in one synchronous run (a parsed socket read, a fetch response); `DeliveryBatch`
   * gathers them. `messages` may be handed to a waiting `readMany()` as it is, so pass an array
   * the driver no longer uses; the other arrays are only read during the call.
   * @param sizes each message's size on the wire.
   * @param settles each message's settle callback (or undefined), as `deliver` takes it.
   * @param metas each message's metadata (or undefined), as `deliver` takes it.
   * @returns how many more messages the queue takes before it is full (0 once intake is
   *   stopped): a driver gathering its next batch hands it over when it reaches that many, so the
   *   queue stops intake no later than `deliver()` would have.
   */
  deliverMany(
    messages: readonly Message[],
    sizes: readonly number[],
    settles?: readonly (Settle | undefined)[],
    metas?: readonly (MetadataSource | undefined)[],
  ): number;
  /** Reports that the link died (peer closed, socket error, missed heartbeat). Idempotent. */
  lost(reason?: unknown): void;
  /**
   * Builds a {@link DialError} for this endpoint with credentials scrubbed from the text and the
   * cause: the only way a driver makes one. `op` defaults to `dial` while connecting and `read`
   * once the link is up; errors that `write()`/`exec()` reject with are stamped `write`/`exec`
   * by the core. `detail` is the op, or the op with the server's own error code.
   */
  error(code: ErrorCode, message: string, cause?: unknown, detail?: ErrorOp | ErrorDetail): DialError;
}

/** Result of `exec()`: FMZ's `DBExec` shape plus change counters. */
export interface QueryResult {
  /**
   * Column names, in order; empty for a statement that returns no rows. Frozen: SQLite shares
   * one array among the results of a prepared statement (copy it to change it; ADR 0310).
   */
  readonly columns: readonly string[];
  readonly values: unknown[][];
  /** Rows changed by INSERT/UPDATE/DELETE, where the database reports it. */
  readonly affectedRows?: number;
  /** Id generated by the last INSERT, where the database reports it. */
  readonly lastInsertId?: number | bigint | string;
}

/**
 * One live connection made by a message driver (`stream`, `message`, `datagram`): it sends with
 * `write` and feeds what it receives to {@link LinkContext.deliver}. The core owns its lifetime;
 * drivers never retry.
 */
export interface MessageLink {
  /**
   * Sends `data`; resolves to the number of bytes accepted once the transport took it
   * (waiting for back-pressure to clear). Rejects with a DialError if the link failed.
   * Gives up when `signal` aborts (the caller's signal or its `timeout`).
   */
  write(data: string | Uint8Array, signal?: AbortSignal): Promise<number>;
  /**
   * Optional synchronous path of {@link MessageLink.write} for a call with no timeout or signal:
   * the bytes accepted when the transport took `data` at once, else the promise `write()` would
   * return (back-pressure). Throws what `write()` would reject with. With it a write that needs
   * no waiting costs the core one settled promise (the caller's) instead of a chain.
   */
  writeNow?(data: string | Uint8Array): number | Promise<number>;
  /**
   * Pull-style links only (e.g. a handle to a connection owned by another thread): reads are
   * served by the link instead of the local queue, with the same semantics as `Connection.read`.
   */
  read?(timeout: number | undefined, signal?: AbortSignal): Promise<Message | null>;
  /** Pull-style links only: `Connection.readMessage`, served by the link. */
  readMessage?(timeout: number | undefined, signal?: AbortSignal): Promise<ReceivedMessage | null | ''>;
  /** Pull-style links only: `Connection.readMany`, served by the link. */
  readMany?(max: number | undefined, timeout: number | undefined, signal?: AbortSignal): Promise<Message[] | null>;
  /**
   * Optional batch path of `Connection.writeMany` (one request, one socket write, a cork):
   * resolves to the bytes accepted once every item was taken as {@link MessageLink.write} would.
   * On failure, reject with a `BatchFailure` (what `pipelineWrites` throws) or an error whose
   * `failedIndex` names the first item not written; otherwise the core reports the batch as
   * failed from item 0. Without this hook the core pipelines `write()` calls (`pipelineWrites`).
   */
  writeMany?(items: readonly (string | Uint8Array)[], signal?: AbortSignal): Promise<number>;
  /**
   * Stops taking messages in (socket paused, broker flow control) because the receive queue
   * is full; messages already on their way may still be delivered. Optional: without it the
   * queue holds what arrives (drivers bounded by broker flow control, e.g. a prefetch).
   */
  pause?(): void;
  /** Takes messages in again after {@link MessageLink.pause}. */
  resume?(): void;
  /** Releases everything. Must not call `context.lost()`. Idempotent. */
  close(): Promise<void>;
}

/** One live connection made by a SQL driver (`kind: 'sql'`): statements only, no receive queue. */
export interface SqlLink {
  /**
   * Runs one statement with bound parameters. `signal` is the caller's (with its `timeout`):
   * a driver that can cancel a running statement does so when it aborts; the core rejects the
   * call with `Canceled`/`Timeout` at once either way. Rejects with a DialError built by
   * {@link LinkContext.error} (`Query` with the server's code for a failed statement).
   */
  exec(sql: string, params: readonly unknown[], signal?: AbortSignal): Promise<QueryResult>;
  /**
   * Optional synchronous form of {@link SqlLink.exec} for an in-process database: returns the
   * result or throws what `exec()` would reject with. The core calls it for a statement with no
   * timeout or signal, so such a call costs one promise (the caller's) rather than a chain.
   */
  execNow?(sql: string, params: readonly unknown[]): QueryResult;
  /**
   * Optional, with `execNow`: `execMany()` with no timeout or signal runs here in one call
   * instead of one `execNow` per statement, so that the driver can loop over one prepared
   * statement. Runs `sql` once per parameter list, in order, appending each result to `results`;
   * at the first failure, throws what `exec()` would reject with (the failed statement is then
   * `results.length`).
   */
  execManyNow?(sql: string, paramSets: readonly (readonly unknown[])[], results: QueryResult[]): void;
  /** Releases everything. Must not call `context.lost()`. Idempotent. */
  close(): Promise<void>;
}

/** What {@link Connector.connect} opens: a {@link SqlLink} for `kind: 'sql'`, else a {@link MessageLink}. */
export type Link = MessageLink | SqlLink;

/** The part of a driver that imports its client library; loaded lazily on the first dial. */
export interface Connector<E extends Endpoint = Endpoint> {
  /**
   * Opens one link: a {@link SqlLink} when the driver's kind is `sql`, else a
   * {@link MessageLink} (the core checks). Rejects with a DialError; never retries by itself.
   */
  connect(endpoint: E, context: LinkContext): Promise<Link>;
}

/**
 * A transport: metadata and address validation (cheap, no client library), plus a lazy
 * {@link Connector}. Register it in a {@link Registry} to make its schemes dialable.
 */
export interface Driver<E extends Endpoint = Endpoint> {
  /** Short name, e.g. `net`, `ws`, `mqtt`. */
  readonly name: string;
  /** npm package that provides it, for `omnidial list` and the "install X" hint. */
  readonly packageName: string;
  readonly schemes: readonly string[];
  /** One line for `omnidial list`. */
  readonly description: string;
  readonly capabilities: Capabilities;
  /** Driver-specific option keys; the common keys that fit `capabilities` are added by the core. */
  readonly options: OptionSchema;
  /**
   * The `?query` of this scheme's URL holds option keys (brokers): the core parses it with the
   * same grammar as the `|` options and merges both. Leave unset when the query belongs to the
   * target itself (a WebSocket URL, a database DSN).
   */
  readonly queryOptions?: boolean;
  /** Example addresses for help and docs. */
  readonly examples: readonly string[];
  /** Validates the base address; throws DialError(InvalidArgument). Performs no I/O. */
  parse(input: ParseInput): E;
  /** Imports the client library. Called at most once per registry. */
  load(): Promise<Connector<E>>;
}
