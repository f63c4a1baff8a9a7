import { DialError, type ErrorOp } from '../errors.js';
import type { Endpoint } from '../driver/types.js';

/** The errors a connection's own argument and state checks raise, for one endpoint. */
export class CallErrors {
  readonly #scheme: string;
  readonly #address: string;

  constructor(endpoint: Endpoint) {
    this.#scheme = endpoint.scheme;
    this.#address = endpoint.redacted;
  }

  /** `InvalidArgument`: a bad argument of a method. */
  invalid(op: ErrorOp | undefined, message: string): DialError {
    return new DialError({
      code: 'InvalidArgument',
      op,
      scheme: this.#scheme,
      address: this.#address,
      message: `${this.#scheme}: ${message}`,
    });
  }

  /** `Unimplemented`: a method this kind of connection does not have. */
  unimplemented(op: ErrorOp | undefined, message: string): DialError {
    return new DialError({ code: 'Unimplemented', op, scheme: this.#scheme, address: this.#address, message });
  }

  /** `read()`/`write()` on a database. */
  notStream(op: 'read' | 'write'): DialError {
    return this.unimplemented(op, `${this.#scheme}:// is a database: use exec(sql, ...params), not ${op}()`);
  }

  /** `Canceled`: the caller's signal aborted `op`. */
  canceled(op: ErrorOp | undefined, signal: AbortSignal): DialError {
    return new DialError({
      code: 'Canceled',
      op,
      scheme: this.#scheme,
      address: this.#address,
      message: `${this.#scheme}: ${op} was canceled`,
      cause: signal.reason,
    });
  }
}
