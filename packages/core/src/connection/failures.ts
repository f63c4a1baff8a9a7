import { DialError, withOp, type ErrorCode, type ErrorOp } from '../errors.js';
import type { Endpoint } from '../driver/types.js';
import type { ConnectionProbe } from '../diagnostics/probe.js';
import { CallErrors } from './call-errors.js';

/** Builds scrubbed DialErrors for the endpoint (the supervisor). */
export interface LinkErrorFactory {
  error(code: ErrorCode, message: string, cause: unknown, op: ErrorOp): DialError;
}

/** {@link CallErrors} plus the errors links raise, scrubbed by the supervisor and reported on the diagnostics channels. */
export class Failures extends CallErrors {
  #linkError: LinkErrorFactory | undefined;
  readonly #probe: ConnectionProbe | undefined;

  constructor(endpoint: Endpoint, probe: ConnectionProbe | undefined) {
    super(endpoint);
    this.#probe = probe;
  }

  /** The supervisor that scrubs link errors; attached before the first dial. */
  attach(linkError: LinkErrorFactory): void {
    this.#linkError = linkError;
  }

  /** A `write` that ran out of its `ms`. */
  writeTimedOut(ms: number | undefined, cause: unknown): DialError {
    const failure = this.#linkError!.error('Timeout', `write timed out after ${ms} ms`, cause, 'write');
    this.#probe?.error(failure);
    return failure;
  }

  /** An error a link raised during `op`, as a DialError of that op (credentials scrubbed). */
  link(error: unknown, op: 'read' | 'write' | 'exec'): DialError {
    const failure =
      error instanceof DialError
        ? withOp(error, op)
        : this.#linkError!.error('Unknown', error instanceof Error ? error.message : String(error), error, op);
    this.#probe?.error(failure);
    return failure;
  }
}
