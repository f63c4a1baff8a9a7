import { channel } from 'node:diagnostics_channel';
import type { DialError } from '../errors.js';
import type { Endpoint } from '../driver/types.js';
import { redactText } from '../address/index.js';
import type { LinkState, StateDetail } from '../connection/supervisor.js';
import { diagnosticsChannels as names } from './channels.js';

const dialChannel = channel(names.dial);
const connectChannel = channel(names.connect);
const disconnectChannel = channel(names.disconnect);
const reconnectChannel = channel(names.reconnect);
const dropChannel = channel(names.drop);
const execChannel = channel(names.exec);
const errorChannel = channel(names.error);
const receiveChannel = channel(names.receive);
const readChannel = channel(names.read);

/** A receive time for the read latency, or 0 (not measured) while nobody listens on `omnidial:read`. */
export function receivedAt(): number {
  return readChannel.hasSubscribers ? performance.now() : 0;
}

/**
 * Publishes what one connection does on the {@link names | diagnostics channels}. Every method
 * checks `hasSubscribers` before it builds a payload, so an unobserved connection pays one
 * property read per hook. Made by `dial()` for connections that own their link (not for
 * `dial(handle)` views, whose owner already reports).
 */
export class ConnectionProbe {
  readonly #address: string;
  readonly #scheme: string;
  #open = false;
  #everOpen = false;
  #attempt = 0;
  #attemptStart = 0;

  constructor(endpoint: Endpoint) {
    // Redacted again by the core, whatever the driver's parse() put in `redacted`.
    this.#address = redactText(endpoint.redacted, endpoint.secrets);
    this.#scheme = endpoint.scheme;
  }

  /** A connect attempt starts. */
  dialing(attempt: number): void {
    this.#attempt = attempt;
    if (connectChannel.hasSubscribers) this.#attemptStart = performance.now();
    if (dialChannel.hasSubscribers) dialChannel.publish({ address: this.#address, scheme: this.#scheme, attempt });
  }

  /** The connection's state changed (see `Connection.stateChanged`). */
  stateChanged(state: LinkState, detail: StateDetail): void {
    const { error } = detail;
    if (error !== undefined) this.error(error);
    if (state === 'open') {
      if (!this.#open && connectChannel.hasSubscribers) {
        const connectMs = this.#attemptStart === 0 ? 0 : performance.now() - this.#attemptStart;
        connectChannel.publish({
          address: this.#address,
          scheme: this.#scheme,
          attempt: this.#attempt,
          reconnect: this.#everOpen,
          connectMs,
        });
      }
      this.#open = true;
      this.#everOpen = true;
      return;
    }
    if (this.#open && disconnectChannel.hasSubscribers) {
      const reason = state === 'closed' ? 'closed' : error === undefined ? 'reconnect' : 'lost';
      disconnectChannel.publish({
        address: this.#address,
        scheme: this.#scheme,
        reason,
        error,
        reconnecting: state === 'reconnecting',
      });
    }
    this.#open = false;
    if (state === 'reconnecting' && reconnectChannel.hasSubscribers) {
      reconnectChannel.publish({
        address: this.#address,
        scheme: this.#scheme,
        attempt: detail.attempt ?? 1,
        delayMs: detail.delayMs ?? 0,
        error,
      });
    }
  }

  /** A DialError reached the caller or dropped the link. */
  error(error: DialError): void {
    if (errorChannel.hasSubscribers) {
      errorChannel.publish({ address: this.#address, scheme: this.#scheme, op: error.op, code: error.code, error });
    }
  }

  /** Someone listens for arrivals, drops or read latency: intake reports message by message. */
  get watchesIntake(): boolean {
    return receiveChannel.hasSubscribers || dropChannel.hasSubscribers || readChannel.hasSubscribers;
  }

  /** Someone listens for read latency. */
  get watchesReads(): boolean {
    return readChannel.hasSubscribers;
  }

  /** A message arrived; `queued` counts it unless a waiting reader took it at once. */
  received(bytes: number, queued: number, queuedBytes: number, paused: boolean): void {
    if (receiveChannel.hasSubscribers) {
      receiveChannel.publish({ address: this.#address, scheme: this.#scheme, bytes, queued, queuedBytes, paused });
    }
  }

  /** `count` messages were dropped from a full queue; `total` so far. */
  dropped(count: number, total: number): void {
    if (dropChannel.hasSubscribers) dropChannel.publish({ address: this.#address, scheme: this.#scheme, count, total });
  }

  /** A message received at `at` (from {@link receivedAt}; 0 = not measured) was handed to a reader. */
  read(at: number, queued: number): void {
    if (at > 0 && readChannel.hasSubscribers) {
      readChannel.publish({ address: this.#address, scheme: this.#scheme, latencyMs: performance.now() - at, queued });
    }
  }

  /** The start time of an `exec()` to report, or undefined while nobody listens. */
  execStart(): number | undefined {
    return execChannel.hasSubscribers ? performance.now() : undefined;
  }

  /** Reports `running` (started at `start`) once it settles; resolves and rejects as it does. */
  execEnd<T>(running: Promise<T>, start: number): Promise<T> {
    const report = (error: DialError | undefined): void => {
      if (execChannel.hasSubscribers) {
        execChannel.publish({
          address: this.#address,
          scheme: this.#scheme,
          durationMs: performance.now() - start,
          error,
        });
      }
    };
    return running.then(
      (result) => {
        report(undefined);
        return result;
      },
      (error: DialError) => {
        report(error);
        throw error;
      },
    );
  }
}
