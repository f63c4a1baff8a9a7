import { EventEmitter } from 'node:events';
import type { DialError } from '../errors.js';
import { typeOf } from './args.js';
import type { ConnectionEventName } from './events.js';

const EVENT_NAMES: ReadonlySet<string> = new Set<ConnectionEventName>([
  'disconnect',
  'reconnecting',
  'reconnect',
  'giveup',
  'drop',
  'close',
]);

/** A connection's status events: listeners are checked so a typo is a DialError, not a silent no-op. */
export class StatusEvents {
  readonly #emitter = new EventEmitter();
  readonly #invalid: (message: string) => DialError;

  constructor(invalid: (message: string) => DialError) {
    this.#invalid = invalid;
  }

  /** `on`, `once` or `off` of a known event with a function listener. */
  listen(method: 'on' | 'once' | 'off', event: unknown, listener: unknown): void {
    if (typeof event !== 'string' || !EVENT_NAMES.has(event)) {
      const shown = typeof event === 'string' ? JSON.stringify(event) : typeOf(event);
      throw this.#invalid(`${method}(): unknown event ${shown}; known: ${[...EVENT_NAMES].join(', ')}`);
    }
    if (typeof listener !== 'function') {
      throw this.#invalid(`${method}(): the listener must be a function, got ${typeOf(listener)}`);
    }
    this.#emitter[method](event, listener as (...args: unknown[]) => void);
  }

  /** Whether anyone listens (the `drop` event is only counted for listeners). */
  listens(event: ConnectionEventName): boolean {
    return this.#emitter.listenerCount(event) > 0;
  }

  /** Tells every listener of `event`. */
  emit(event: ConnectionEventName, ...args: unknown[]): void {
    this.#emitter.emit(event, ...args);
  }
}
