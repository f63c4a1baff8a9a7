import type { DialError } from '../errors.js';
import type { Endpoint, QueryResult, SqlLink } from '../driver/types.js';
import type { Failures } from './failures.js';
import type { LinkState, LinkSupervisor } from './supervisor.js';
import { typeOf } from './args.js';
import { callSignal, untilAborted } from './call-signal.js';

/** The options form of `exec()`: the statement, its parameters and the per-call options. */
export interface ExecOptions {
  /** One SQL statement (`?` placeholders, also `$1` for postgres). */
  sql: string;
  /** Values bound to the placeholders, in order. */
  params?: readonly unknown[];
  /** Milliseconds the statement may take before `exec()` rejects with `Timeout`. */
  timeout?: number;
  /** Aborting it rejects `exec()` with `Canceled` (and cancels the statement where the database can). */
  signal?: AbortSignal;
}

/** `exec()`'s arguments after validation. */
export interface ExecArgs {
  readonly sql: string;
  readonly params: readonly unknown[];
  readonly ms: number | undefined;
  readonly signal: AbortSignal | undefined;
}

const EXEC_KEYS = new Set(['sql', 'params', 'timeout', 'signal']);

/**
 * Validates `exec(sql, ...params)` or `exec({ sql, params, timeout, signal })`. Returns an
 * error rather than throwing, so that callers can reject.
 */
export function execArgs(
  first: unknown,
  rest: readonly unknown[],
  fail: (message: string) => DialError,
): ExecArgs | DialError {
  if (typeof first === 'string') return checkSql({ sql: first, params: rest, ms: undefined, signal: undefined }, fail);
  if (typeof first !== 'object' || first === null || Array.isArray(first)) {
    return fail(`exec() takes (sql, ...params) or ({ sql, params, timeout, signal }), got ${typeOf(first)}`);
  }
  if (rest.length > 0) return fail('exec({ sql, ... }) takes its parameters in params, not as more arguments');
  const unknown = Object.keys(first).find((key) => !EXEC_KEYS.has(key));
  if (unknown !== undefined)
    return fail(`unknown exec option ${JSON.stringify(unknown)}; known: ${[...EXEC_KEYS].join(', ')}`);
  const { sql, params = [], timeout, signal } = first as Record<string, unknown>;
  if (!Array.isArray(params)) return fail(`params must be an array, got ${typeOf(params)}`);
  if (timeout !== undefined && (typeof timeout !== 'number' || !(timeout >= 0))) {
    return fail(
      `timeout must be 0 (none) or a positive number of ms, got ${typeof timeout === 'number' ? timeout : typeOf(timeout)}`,
    );
  }
  if (signal !== undefined && !(signal instanceof AbortSignal))
    return fail(`signal must be an AbortSignal, got ${typeOf(signal)}`);
  return checkSql(
    { sql: sql as string, params, ms: timeout as number | undefined, signal: signal as AbortSignal | undefined },
    fail,
  );
}

/**
 * Whether a statement is empty or only whitespace. One that starts with a printable ASCII
 * character is answered without `trim()`, which costs a point select on SQLite about 3 %.
 */
export function isBlank(sql: string): boolean {
  const first = sql.charCodeAt(0);
  return !(first > 32 && first < 127) && sql.trim() === '';
}

function checkSql(args: ExecArgs, fail: (message: string) => DialError): ExecArgs | DialError {
  if (typeof args.sql !== 'string' || isBlank(args.sql)) {
    return fail(
      `sql must be a non-empty string, got ${typeof args.sql === 'string' ? 'an empty string' : typeOf(args.sql)}`,
    );
  }
  return args;
}

/** How a failed `exec()` is reported, by cause. */
export interface ExecFailures {
  /** The caller's signal aborted. */
  canceled(signal: AbortSignal): DialError;
  /** The call's `timeout` ran out. */
  timedOut(ms: number | undefined, cause: unknown): DialError;
  /** The link rejected. */
  failed(error: unknown): DialError;
}

/** {@link ExecFailures} plus the error of an `exec()` while the link is down. */
export interface SqlFailures extends ExecFailures {
  unavailable(state: LinkState): DialError;
}

/** How a connection's `exec()` fails: scrubbed errors of its endpoint (`supervisor`) and its call errors. */
export function sqlFailures(supervisor: Pick<LinkSupervisor<Endpoint>, 'error'>, errors: Failures): SqlFailures {
  return {
    unavailable: (state) =>
      supervisor.error(state === 'closed' ? 'Closed' : 'Unavailable', `connection is ${state}`, undefined, 'exec'),
    canceled: (signal) => errors.canceled('exec', signal),
    timedOut: (ms, cause) => supervisor.error('Timeout', `exec timed out after ${ms} ms`, cause, 'exec'),
    failed: (error) => errors.link(error, 'exec'),
  };
}

/**
 * A statement without timeout or signal on a link with `execNow` (an in-process database): one
 * settled promise, no chain behind it.
 */
export function execNow(
  link: SqlLink,
  sql: string,
  params: readonly unknown[],
  fail: Pick<ExecFailures, 'failed'>,
): Promise<QueryResult> {
  try {
    return Promise.resolve(link.execNow!(sql, params));
  } catch (error) {
    return Promise.reject(fail.failed(error));
  }
}

/**
 * Runs a validated statement on `link`, which gets the caller's signal and timeout. The
 * statement may not stop at once (not every database can cancel one): the returned promise
 * settles on the abort regardless.
 */
export function runExec(link: SqlLink, args: ExecArgs, fail: ExecFailures): Promise<QueryResult> {
  const { signal } = args;
  if (signal?.aborted) return Promise.reject(fail.canceled(signal));
  if (link.execNow !== undefined && signal === undefined && args.ms === undefined)
    return execNow(link, args.sql, args.params, fail);
  const { link: linkSignal, deadline } = callSignal(args.ms, signal);
  let running: Promise<QueryResult>;
  try {
    running = link.exec(args.sql, args.params, linkSignal);
  } catch (error) {
    running = Promise.reject(error);
  }
  if (linkSignal === undefined)
    return running.catch((error: unknown) => {
      throw fail.failed(error);
    });
  return untilAborted(running, linkSignal).catch((error: unknown) => {
    if (signal?.aborted) throw fail.canceled(signal);
    if (deadline?.aborted) throw fail.timedOut(args.ms, error);
    throw fail.failed(error);
  });
}
