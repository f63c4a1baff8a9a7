/**
 * The closed set of error codes a {@link DialError} carries (docs/design.md#errors).
 *
 * - `InvalidArgument`: the address or an option is wrong; nothing was attempted.
 * - `Unavailable`: the peer could not be reached or went away; usually worth retrying.
 * - `Timeout`: an operation did not finish in the time it was given.
 * - `Canceled`: the caller aborted the operation through an `AbortSignal`.
 * - `Closed`: the connection was closed by `close()`.
 * - `PermissionDenied`: the peer refused the credentials or the TLS identity.
 * - `NotFound`: a named resource (file, database, topic, handle) does not exist.
 * - `ResourceExhausted`: a limit was hit (message too large, inflated size cap).
 * - `Protocol`: the peer spoke the protocol wrongly (bad frame, corrupt compression).
 * - `Query`: a SQL statement failed; `serverCode` holds the database's own code.
 * - `Unimplemented`: the scheme or operation is not available (e.g. driver not installed).
 * - `Unknown`: anything else; `cause` holds the original error.
 */
export type ErrorCode =
  | 'InvalidArgument'
  | 'Unavailable'
  | 'Timeout'
  | 'Canceled'
  | 'Closed'
  | 'PermissionDenied'
  | 'NotFound'
  | 'ResourceExhausted'
  | 'Protocol'
  | 'Query'
  | 'Unimplemented'
  | 'Unknown';

/** The operation during which an error happened. */
export type ErrorOp = 'parse' | 'dial' | 'read' | 'write' | 'exec' | 'close' | 'handle';

/** Everything a {@link DialError} is built from. */
export interface DialErrorInit {
  code: ErrorCode;
  message: string;
  op?: ErrorOp;
  scheme?: string;
  /** The address with credentials already redacted (use `redactAddress`). */
  address?: string;
  retryable?: boolean;
  cause?: unknown;
  /** The server's own error code (SQL state, broker reply code), when there is one. */
  serverCode?: string | number;
  /** `writeMany()`: the first item not written; `execMany()`: the statement that failed (every one before it ran). */
  index?: number;
}

const RETRYABLE_BY_DEFAULT: ReadonlySet<ErrorCode> = new Set(['Unavailable', 'Timeout']);

/** Marks DialErrors of every copy of `@omnidial/core` in the process, so `instanceof` holds across copies (ADR 0175). */
const BRAND = Symbol.for('omnidial.DialError.v1');

/**
 * The one error type omnidial rejects with. Its `message` never contains credentials:
 * build it only from redacted addresses and messages passed through `redactText`.
 */
export class DialError extends Error {
  override readonly name = 'DialError';
  readonly code: ErrorCode;
  readonly op: ErrorOp | undefined;
  readonly scheme: string | undefined;
  readonly address: string | undefined;
  readonly retryable: boolean;
  readonly serverCode: string | number | undefined;
  /** `writeMany()`: the first item not written; `execMany()`: the statement that failed (every one before it ran). */
  declare readonly index?: number;

  /** True for a DialError made by any copy of `@omnidial/core`, not only this one. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  constructor(init: DialErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    Object.defineProperty(this, BRAND, { value: true });
    this.code = init.code;
    this.op = init.op;
    this.scheme = init.scheme;
    this.address = init.address;
    this.retryable = init.retryable ?? RETRYABLE_BY_DEFAULT.has(init.code);
    this.serverCode = init.serverCode;
    // Only when set, so other errors do not show an `index: undefined` in inspect output.
    if (init.index !== undefined) Object.defineProperty(this, 'index', { value: init.index, enumerable: true });
  }
}

/** True when `value` is a {@link DialError}, optionally with the given code. */
export function isDialError(value: unknown, code?: ErrorCode): value is DialError {
  return value instanceof DialError && (code === undefined || value.code === code);
}

/**
 * `error` as of operation `op`: the same error when it already says so, else a copy with `op`
 * set (a link error built with the connect-time default).
 */
export function withOp(error: DialError, op: ErrorOp): DialError {
  if (error.op === op) return error;
  return new DialError({
    code: error.code,
    op,
    message: error.message,
    scheme: error.scheme,
    address: error.address,
    retryable: error.retryable,
    cause: error.cause,
    serverCode: error.serverCode,
    index: error.index,
  });
}
