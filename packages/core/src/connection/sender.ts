import { DialError, withOp } from '../errors.js';
import type { MessageLink } from '../driver/types.js';
import { callArgs, typeOf } from './args.js';
import { callSignal } from './call-signal.js';
import type { CallOptions } from './init.js';
import type { Failures } from './failures.js';
import { badItems, sendBatch, type BatchFailure, type WriteItem } from './write-many.js';

/** The send counters of `stats()`. */
export interface SendCounters {
  sent: number;
  sentBytes: number;
}

/** A validated write call: the link, and the signal to give it (caller's signal and/or timeout). */
interface WriteCall {
  link: MessageLink;
  linkSignal: AbortSignal | undefined;
  signal: AbortSignal | undefined;
  ms: number | undefined;
}

/** The send side of a connection: `write()` and `writeMany()` with their errors and counters. */
export class Sender {
  readonly #link: () => MessageLink | undefined;
  readonly #fail: Failures;
  readonly #stats: SendCounters;

  constructor(link: () => MessageLink | undefined, fail: Failures, stats: SendCounters) {
    this.#link = link;
    this.#fail = fail;
    this.#stats = stats;
  }

  /** `write()`: the bytes accepted, or 0 while disconnected or when the link failed during the send. */
  write(data: WriteItem, timeout: number | CallOptions | undefined): Promise<number> {
    if (typeof data !== 'string' && !(data instanceof Uint8Array)) {
      return Promise.reject(this.#fail.invalid('write', `data must be a string or bytes, got ${typeOf(data)}`));
    }
    // Hot path: most writes have neither a timeout nor a signal, and then allocate nothing here.
    if (timeout === undefined) {
      const link = this.#link();
      if (link === undefined) return Promise.resolve(0);
      if (link.writeNow === undefined) return this.#send(link, data, undefined).then(this.#written, this.#writeFailed);
      let sent: number | Promise<number>;
      try {
        sent = link.writeNow(data);
      } catch (error) {
        return Promise.reject(error).catch(this.#writeFailed);
      }
      return typeof sent === 'number'
        ? Promise.resolve(this.#written(sent))
        : sent.then(this.#written, this.#writeFailed);
    }
    const call = this.#call(timeout);
    if (call instanceof DialError) return Promise.reject(call);
    if (call === undefined) return Promise.resolve(0);
    const { link, linkSignal, signal, ms } = call;
    const onFailure =
      linkSignal === undefined ? this.#writeFailed : (error: unknown) => this.#writeFailedWith(error, signal, ms);
    return this.#send(link, data, linkSignal).then(this.#written, onFailure);
  }

  /** `writeMany()`: the total bytes accepted; a failure names the first item not written in `index`. */
  writeMany(items: readonly WriteItem[], timeout: number | CallOptions | undefined): Promise<number> {
    const bad = badItems(items);
    if (bad !== undefined) return Promise.reject(this.#fail.invalid('write', `writeMany: ${bad}`));
    const call = this.#call(timeout);
    if (call instanceof DialError) return Promise.reject(call);
    if (call === undefined || items.length === 0) return Promise.resolve(0);
    const { link, linkSignal, signal, ms } = call;
    return sendBatch(link, items, linkSignal).then(
      (bytes) => {
        this.#stats.sent += items.length;
        this.#stats.sentBytes += bytes;
        return bytes;
      },
      (failure: BatchFailure) => {
        const base = this.#writeError(failure.cause, signal, ms) ?? withOp(failure.cause as DialError, 'write');
        throw new DialError({
          code: base.code,
          op: 'write',
          scheme: base.scheme,
          address: base.address,
          retryable: base.retryable,
          serverCode: base.serverCode,
          message: `writeMany: item ${failure.index} of ${items.length} was not written (every item before it was): ${base.message}`,
          cause: base,
          index: failure.index,
        });
      },
    );
  }

  #send(link: MessageLink, data: WriteItem, signal: AbortSignal | undefined): Promise<number> {
    try {
      return link.write(data, signal);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Validates a write's timeout and finds the link; undefined while disconnected. */
  #call(timeout: number | CallOptions | undefined): WriteCall | DialError | undefined {
    const args =
      timeout === undefined ? undefined : callArgs(timeout, (message) => this.#fail.invalid('write', message));
    if (args instanceof DialError) return args;
    const ms = args?.ms;
    if (ms !== undefined && ms < 0)
      return this.#fail.invalid('write', `the timeout must be 0 (none) or a positive number of ms, got ${ms}`);
    const signal = args?.signal;
    const link = this.#link();
    if (link === undefined) return undefined;
    const linkSignal = ms === undefined && signal === undefined ? undefined : callSignal(ms, signal).link;
    return { link, linkSignal, signal, ms };
  }

  readonly #written = (bytes: number): number => {
    this.#stats.sent += 1;
    this.#stats.sentBytes += bytes;
    return bytes;
  };

  readonly #writeFailed = (error: unknown): number => this.#writeFailedWith(error, undefined, undefined);

  /** A failed link write: 0 when the link is gone (FMZ's contract), otherwise a DialError. */
  #writeFailedWith(error: unknown, signal: AbortSignal | undefined, ms: number | undefined): number {
    const failure = this.#writeError(error, signal, ms);
    if (failure === undefined) return 0;
    throw failure;
  }

  /** The DialError of a failed link write, or undefined when the link is gone. */
  #writeError(error: unknown, signal: AbortSignal | undefined, ms: number | undefined): DialError | undefined {
    if (signal?.aborted) return this.#fail.canceled('write', signal);
    if (error instanceof DialError && (error.code === 'Unavailable' || error.code === 'Closed')) return undefined;
    if (error instanceof Error && error.name === 'TimeoutError') return this.#fail.writeTimedOut(ms, error);
    return this.#fail.link(error, 'write');
  }
}
