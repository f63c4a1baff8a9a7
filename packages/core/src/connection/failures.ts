import { DialError, withOp, type ErrorCode, type ErrorOp } from '../errors.js';
import type { Endpoint } from '../driver/types.js';
import type { ConnectionProbe } from '../diagnostics/probe.js';
import { CallErrors } from './call-errors.js';

/** Builds a scrubbed DialError for the endpoint (the supervisor's `error`). */
export type LinkErrorFactory = (code: ErrorCode, message: string, cause: unknown, op: ErrorOp) => DialError;

/** {@link CallErrors} plus the errors links raise, scrubbed by the supervisor and reported on the diagnostics channels. */
export class Failures extends CallErrors {
  readonly #linkError: LinkErrorFactory;
  readonly #probe: ConnectionProbe | undefined;

  constructor(endpoint: Endpoint, linkError: LinkErrorFactory, probe: ConnectionProbe | undefined) {
    super(endpoint);
    this.#linkError = linkError;
    this.#probe = probe;
  }

  /** A `write` that ran out of its `ms`. */
  writeTimedOut(ms: number | undefined, cause: unknown): DialError {
    const failure = this.#linkError('Timeout', `write timed out after ${ms} ms`, cause, 'write');
    this.#probe?.error(failure);
    return failure;
  }

  /** An error a link raised during `op`, as a DialError of that op (credentials scrubbed). */
  link(error: unknown, op: 'read' | 'write' | 'exec'): DialError {
    const failure =
      error instanceof DialError
        ? withOp(error, op)
        : this.#linkError('Unknown', error instanceof Error ? error.message : String(error), error, op);
    this.#probe?.error(failure);
    return failure;
  }
}
