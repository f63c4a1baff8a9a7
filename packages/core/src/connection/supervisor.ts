import { DialError } from '../errors.js';
import type {
  Connector,
  Endpoint,
  ErrorDetail,
  Link,
  LinkContext,
  Message,
  MessageLink,
  Settle,
  TrafficKind,
} from '../driver/types.js';
import type { MetadataSource } from '../driver/metadata.js';
import type { ResolvedOptions } from '../driver/options.js';
import { redactText } from '../address/index.js';
import { connectOnce } from './attempt.js';
import { ReconnectBudget } from './budget.js';
import type { AttemptInputs, Payloads } from './prepare.js';
import { scrubCause } from './scrub.js';
import type { ConnectionProbe } from '../diagnostics/probe.js';
import { linkMismatch } from './link-kind.js';

/**
 * `open`: a live link. `reconnecting`: the link dropped and a re-dial is scheduled or running.
 * `disconnected`: the link dropped for good (no `reconnect`, or `retry` exhausted).
 * `closed`: `close()` was called.
 */
export type LinkState = 'open' | 'reconnecting' | 'disconnected' | 'closed';

/** Builds the payload(s) to send after a connect; given as `payload` in the options object. */
export type PayloadFactory = () =>
  | string
  | Uint8Array
  | readonly (string | Uint8Array)[]
  | Promise<string | Uint8Array | readonly (string | Uint8Array)[]>;

/** The arguments of {@link LinkContext.deliverMany}: messages, sizes, settle callbacks, metadata. */
export type DeliveryBatch = Parameters<LinkContext['deliverMany']>;

/** Where the supervisor reports what happens; implemented by the Connection. */
export interface SupervisorSink {
  deliver(message: Message, bytes: number, settle: Settle | undefined, meta?: MetadataSource): void;
  deliverMany(...batch: DeliveryBatch): number;
  stateChanged(state: LinkState, detail: StateDetail): void;
}

/** Extra facts about a state change, for events and stats. */
export interface StateDetail {
  /** Why the link dropped or a re-dial failed. */
  error?: DialError;
  /** Re-dial attempt number: counts from 1 after a drop of a healthy link, and keeps counting across flaps. */
  attempt?: number;
  /** Milliseconds until the next attempt. */
  delayMs?: number;
}

/** How the supervisor dials and re-dials one endpoint. */
export interface SupervisorInput<E extends Endpoint> {
  connector: Connector<E>;
  endpoint: E;
  /** The driver's kind: which link its connector must open (a SQL link for `sql`). */
  kind: TrafficKind;
  options: ResolvedOptions;
  connectTimeoutMs: number;
  sink: SupervisorSink;
  /** Fresh endpoint, options and payload before each attempt (the `prepare` dial option). */
  prepare?: (attempt: number, signal: AbortSignal) => Promise<AttemptInputs<E>>;
  /** Publishes attempts and failures on the diagnostics channels. */
  probe?: ConnectionProbe;
}

/**
 * Owns the link of one connection: the first dial, detection of a dropped link, and the
 * reconnect loop (`reconnect`, `interval`, `retry`; flaps grow the backoff, see
 * {@link ReconnectBudget}). Only one attempt is ever in flight, and
 * after each successful (re)connect every `payload` is sent in order before the link counts
 * as open. Drivers report drops through `LinkContext.lost`; they never retry themselves.
 */
export class LinkSupervisor<E extends Endpoint> {
  readonly #input: SupervisorInput<E>;
  /** Aborts the attempt under way (`close()`); only exists while one runs, so an open link holds no controller. */
  #abortAttempt: AbortController | undefined;
  #link: Link | undefined;
  #generation = 0;
  #state: LinkState = 'reconnecting';
  #timer: NodeJS.Timeout | undefined;
  readonly #budget: ReconnectBudget;
  /** Credentials of every endpoint dialed so far (`prepare` may bring new ones), for scrubbing. */
  readonly #secrets: string[];
  /** The attempt under way, so `reconnectNow()` never starts a second one. */
  #inFlight: Promise<void> | undefined;

  constructor(input: SupervisorInput<E>) {
    this.#input = input;
    this.#secrets = [...input.endpoint.secrets];
    this.#budget = new ReconnectBudget(Number(input.options.interval ?? 1000), Number(input.options.retry ?? 0));
  }

  /** The live link, or undefined while not open. */
  get link(): Link | undefined {
    return this.#state === 'open' ? this.#link : undefined;
  }

  /** First dial. Rejects with the attempt's DialError; does not retry (a failed first dial is reported at once). */
  async start(signal: AbortSignal | undefined): Promise<void> {
    await this.#connect(signal, 0).catch((error: DialError) => {
      this.#input.probe?.error(error);
      throw error;
    });
  }

  /**
   * Drops the live link (if any) and connects again now, without waiting for `interval`.
   * Resolves once the new link is open; rejects with the attempt's error (a re-dial is then
   * scheduled when `reconnect` is on) or `Closed` after `close()`.
   */
  async reconnectNow(): Promise<void> {
    if (this.#state === 'closed') throw this.error('Closed', 'connection is closed', undefined, 'dial');
    if (this.#inFlight !== undefined) return this.#inFlight;
    clearTimeout(this.#timer);
    this.#generation += 1; // reports from the old link are stale now
    const link = this.#link;
    this.#link = undefined;
    void link?.close().catch(() => undefined);
    this.#setState('reconnecting', { attempt: 0, delayMs: 0 });
    try {
      await this.#attempt(0);
    } catch (error) {
      const failure = error as DialError;
      if ((this.#state as LinkState) === 'closed') throw failure;
      if (this.#input.options.reconnect === true) this.#scheduleReconnect(failure);
      else this.#setState('disconnected', { error: failure });
      throw failure;
    }
  }

  /** Closes the link and stops any reconnect loop. Idempotent. */
  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    this.#setState('closed', {});
    clearTimeout(this.#timer);
    this.#abortAttempt?.abort(closedReason());
    const link = this.#link;
    this.#link = undefined;
    await link?.close();
  }

  /** Builds a DialError for this endpoint, scrubbing credentials out of the text and the cause. */
  error(
    code: DialError['code'],
    message: string,
    cause?: unknown,
    detail: DialError['op'] | ErrorDetail = 'dial',
  ): DialError {
    const { endpoint } = this.#input;
    const { op = 'dial', serverCode } = typeof detail === 'string' ? { op: detail } : detail;
    scrubCause(cause, (text) => redactText(text, this.#secrets));
    // Redacted again: a third-party driver's `redacted` may still hold the credentials.
    const address = redactText(endpoint.redacted, this.#secrets);
    return new DialError({
      code,
      op,
      cause,
      serverCode,
      scheme: endpoint.scheme,
      address,
      message: `${endpoint.scheme}: ${redactText(message, this.#secrets)} (${address})`,
    });
  }

  /** One attempt, remembered as in flight. */
  #attempt(attempt: number): Promise<void> {
    const running = this.#connect(undefined, attempt).finally(() => {
      if (this.#inFlight === running) this.#inFlight = undefined;
    });
    this.#inFlight = running;
    return running;
  }

  /**
   * One attempt, aborted by `close()` or the caller's `signal`; rejects only with a DialError (a
   * driver's own errors are wrapped and scrubbed).
   */
  async #connect(signal: AbortSignal | undefined, attempt: number): Promise<void> {
    const controller = new AbortController();
    this.#abortAttempt = controller;
    const onAbort = (): void => controller.abort(signal!.reason);
    if (this.#state === 'closed') controller.abort(closedReason());
    else if (signal?.aborted === true) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await this.#open(controller.signal, attempt);
    } catch (error) {
      throw this.#failure(error);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (this.#abortAttempt === controller) this.#abortAttempt = undefined;
    }
  }

  async #open(signal: AbortSignal, attempt: number): Promise<void> {
    const generation = ++this.#generation;
    this.#input.probe?.dialing(attempt);
    const prepared: { payload?: Payloads } = {};
    let context: { signal: AbortSignal } | undefined;
    const link = await connectOnce({
      connector: this.#input.prepare === undefined ? this.#input.connector : this.#preparing(attempt, prepared),
      endpoint: this.#input.endpoint,
      timeoutMs: this.#input.connectTimeoutMs,
      signal,
      context: (attemptSignal, timeoutMs) => (context = this.#context(generation, attemptSignal, timeoutMs)),
    });
    // The attempt is over and its signal can no longer abort: the link keeps a shared one, not the attempt's.
    context!.signal = SPENT_SIGNAL;
    if (this.#state === 'closed') {
      await link.close();
      throw this.error('Closed', 'connection closed while connecting');
    }
    const mismatch = linkMismatch(link, this.#input.kind);
    if (mismatch !== undefined) {
      await link.close();
      throw this.error('Unimplemented', mismatch);
    }
    this.#link = link;
    try {
      if (this.#input.kind !== 'sql') await this.#sendPayloads(link as MessageLink, prepared.payload);
    } catch (error) {
      this.#link = undefined;
      await link.close();
      throw error;
    }
    if (generation !== this.#generation) return; // dropped while sending payloads; a re-dial is under way
    this.#budget.opened();
    this.#setState('open', { attempt: this.#budget.attempt });
  }

  /** A connector that runs `prepare` first (inside the attempt's timeout) and dials what it gave. */
  #preparing(attempt: number, prepared: { payload?: Payloads }): Connector<E> {
    const prepare = this.#input.prepare!;
    return {
      connect: async (_endpoint, context) => {
        const inputs = await prepare(attempt, context.signal);
        for (const secret of inputs.endpoint.secrets) if (!this.#secrets.includes(secret)) this.#secrets.push(secret);
        prepared.payload = inputs.payload;
        return this.#input.connector.connect(inputs.endpoint, { ...context, options: inputs.options });
      },
    };
  }

  async #sendPayloads(link: MessageLink, override: Payloads | undefined): Promise<void> {
    const option = override ?? this.#input.options.payload;
    // A function (options-object form) is called on every connect, so signed logins stay fresh.
    const payloads: unknown = typeof option === 'function' ? await (option as PayloadFactory)() : option;
    for (const payload of Array.isArray(payloads) ? payloads : [payloads]) {
      if (payload === undefined || payload === null) continue;
      await link.write(payload instanceof Uint8Array ? payload : String(payload));
    }
  }

  #context(generation: number, signal: AbortSignal, timeoutMs: number): LinkContext {
    return {
      options: this.#input.options,
      signal,
      timeoutMs,
      deliver: (message, bytes, settle, meta) => this.#input.sink.deliver(message, bytes, settle, meta),
      deliverMany: (...batch) => this.#input.sink.deliverMany(...batch),
      lost: (reason) => this.#lost(generation, reason),
      // Without an explicit op: `dial` until this link is up, then `read` (errors found by the
      // receive side); the Connection restamps errors of write()/exec() with their own op.
      error: (code, message, cause, detail) => {
        const op =
          (typeof detail === 'string' ? detail : detail?.op) ??
          (this.#link !== undefined && generation === this.#generation ? 'read' : 'dial');
        return this.error(code, message, cause, typeof detail === 'object' ? { ...detail, op } : op);
      },
    };
  }

  #lost(generation: number, reason: unknown): void {
    if (generation !== this.#generation || this.#state === 'closed') return;
    this.#generation += 1; // later reports from this link are stale
    const link = this.#link;
    this.#link = undefined;
    void link?.close().catch(() => undefined);
    const error = this.#failure(reason);
    if (this.#input.options.reconnect !== true) {
      this.#setState('disconnected', { error });
      return;
    }
    this.#scheduleReconnect(error);
  }

  #scheduleReconnect(error: DialError): void {
    const next = this.#budget.next();
    if (next === undefined) {
      this.#setState('disconnected', { error, attempt: this.#budget.attempt });
      return;
    }
    this.#setState('reconnecting', { error, ...next });
    this.#timer = setTimeout(() => void this.#reconnect(), next.delayMs);
  }

  async #reconnect(): Promise<void> {
    if (this.#state !== 'reconnecting') return;
    try {
      await this.#attempt(this.#budget.attempt);
    } catch (error) {
      if ((this.#state as LinkState) === 'closed') return;
      this.#scheduleReconnect(error as DialError);
    }
  }

  /** A DialError as it is; anything else as an `Unavailable` "link lost" error of this endpoint. */
  #failure(reason: unknown): DialError {
    return reason instanceof DialError ? reason : this.error('Unavailable', lostMessage(reason), reason);
  }

  #setState(state: LinkState, detail: StateDetail): void {
    this.#state = state;
    this.#input.sink.stateChanged(state, detail);
  }
}

/** The signal of every link context once its connect attempt is over: never aborted. */
const SPENT_SIGNAL = new AbortController().signal;

function closedReason(): DialError {
  return new DialError({ code: 'Closed', message: 'connection closed', op: 'close' });
}

function lostMessage(reason: unknown): string {
  if (reason instanceof Error) return `link lost: ${reason.message}`;
  return reason === undefined ? 'link lost' : `link lost: ${String(reason)}`;
}
