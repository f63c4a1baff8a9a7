import type { DialError, ErrorCode, ErrorOp } from '../errors.js';

/**
 * Names of the `node:diagnostics_channel` channels omnidial publishes on (docs/design.md#public-api). Subscribe
 * with `subscribe(diagnosticsChannels.connect, fn)` from `node:diagnostics_channel`; the payload
 * of each is described by {@link DiagnosticsPayloads}. Nothing is built or published while a
 * channel has no subscriber. Every `address` is redacted, and errors are the redacted
 * {@link DialError}s `dial()` rejects with.
 */
export const diagnosticsChannels = Object.freeze({
  /** A connect attempt starts (first dial, each re-dial, `conn.reconnect()`): {@link DialDiagnostic}. */
  dial: 'omnidial:dial',
  /** A link is open (its `payload`s sent): {@link ConnectDiagnostic}. */
  connect: 'omnidial:connect',
  /** An open link ended (lost, `conn.reconnect()` or `close()`): {@link DisconnectDiagnostic}. */
  disconnect: 'omnidial:disconnect',
  /** A re-dial is scheduled, with its attempt number and wait: {@link ReconnectDiagnostic}. */
  reconnect: 'omnidial:reconnect',
  /** Received messages were dropped because the receive queue was full: {@link DropDiagnostic}. */
  drop: 'omnidial:drop',
  /** An `exec()` statement finished: {@link ExecDiagnostic}. */
  exec: 'omnidial:exec',
  /** A connect attempt failed, a link dropped with an error, or a read/write/exec failed: {@link ErrorDiagnostic}. */
  error: 'omnidial:error',
  /** A message arrived (queued, or handed straight to a waiting reader): {@link ReceiveDiagnostic}. */
  receive: 'omnidial:receive',
  /** A queued message was handed to the reader: {@link ReadDiagnostic}. */
  read: 'omnidial:read',
} as const);

/** One of the {@link diagnosticsChannels} names. */
export type DiagnosticsChannelName = (typeof diagnosticsChannels)[keyof typeof diagnosticsChannels];

/** Fields of every payload. */
export interface DiagnosticBase {
  /** The connection's address with every credential replaced by `***` (as `conn.address`). */
  readonly address: string;
  /** The scheme, e.g. `wss`. */
  readonly scheme: string;
}

/** Payload of `omnidial:dial`. */
export interface DialDiagnostic extends DiagnosticBase {
  /** 0 for the first dial and for `conn.reconnect()`, n for the n-th re-dial after a drop. */
  readonly attempt: number;
}

/** Payload of `omnidial:connect`. */
export interface ConnectDiagnostic extends DiagnosticBase {
  /** The attempt that succeeded (as in {@link DialDiagnostic}). */
  readonly attempt: number;
  /** False for the connection's first link, true for every later one. */
  readonly reconnect: boolean;
  /** Milliseconds from the start of the attempt to the open link (`prepare` and payloads included). */
  readonly connectMs: number;
}

/** Payload of `omnidial:disconnect`. */
export interface DisconnectDiagnostic extends DiagnosticBase {
  /** `lost`: the link failed; `reconnect`: `conn.reconnect()` dropped it; `closed`: `close()`. */
  readonly reason: 'lost' | 'reconnect' | 'closed';
  /** Why it was lost (`reason: 'lost'`). */
  readonly error: DialError | undefined;
  /** A re-dial follows (`reconnect=true`, `retry` not used up). */
  readonly reconnecting: boolean;
}

/** Payload of `omnidial:reconnect`: the same facts as the connection's `reconnecting` event. */
export interface ReconnectDiagnostic extends DiagnosticBase {
  /** Re-dial attempt number, from 1 after a drop of a healthy link; 0 for `conn.reconnect()`. */
  readonly attempt: number;
  /** Milliseconds until the attempt starts (grows while the server flaps). */
  readonly delayMs: number;
  /** Why the link dropped or the previous attempt failed; undefined for `conn.reconnect()`. */
  readonly error: DialError | undefined;
}

/** Payload of `omnidial:drop`. */
export interface DropDiagnostic extends DiagnosticBase {
  /** Messages dropped just now (the oldest in the queue). */
  readonly count: number;
  /** Messages dropped by this connection so far (`stats().dropped`). */
  readonly total: number;
}

/** Payload of `omnidial:exec`. */
export interface ExecDiagnostic extends DiagnosticBase {
  /** Milliseconds from the call to the result or the failure. */
  readonly durationMs: number;
  /** Why it failed; undefined on success. The statement itself is never published. */
  readonly error: DialError | undefined;
}

/** Payload of `omnidial:error`. */
export interface ErrorDiagnostic extends DiagnosticBase {
  readonly op: ErrorOp | undefined;
  readonly code: ErrorCode;
  readonly error: DialError;
}

/** Payload of `omnidial:receive`. */
export interface ReceiveDiagnostic extends DiagnosticBase {
  /** Size of the message on the wire. */
  readonly bytes: number;
  /** Messages in the receive queue after this one arrived (0 when a waiting reader took it). */
  readonly queued: number;
  /** Bytes in the receive queue. */
  readonly queuedBytes: number;
  /** Intake is stopped until the reader catches up (`overflow=block`, unread acknowledged messages). */
  readonly paused: boolean;
}

/** Payload of `omnidial:read`. */
export interface ReadDiagnostic extends DiagnosticBase {
  /**
   * Milliseconds the message waited in the receive queue before a read took it (0 when a reader
   * was already waiting). Messages that arrived before the first subscriber are not reported.
   */
  readonly latencyMs: number;
  /** Messages left in the receive queue. */
  readonly queued: number;
}

/** The payload type of each channel, by name. */
export interface DiagnosticsPayloads {
  'omnidial:dial': DialDiagnostic;
  'omnidial:connect': ConnectDiagnostic;
  'omnidial:disconnect': DisconnectDiagnostic;
  'omnidial:reconnect': ReconnectDiagnostic;
  'omnidial:drop': DropDiagnostic;
  'omnidial:exec': ExecDiagnostic;
  'omnidial:error': ErrorDiagnostic;
  'omnidial:receive': ReceiveDiagnostic;
  'omnidial:read': ReadDiagnostic;
}
