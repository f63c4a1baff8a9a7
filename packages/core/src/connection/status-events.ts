import { EventEmitter } from 'node:events';
import type { CallErrors } from './call-errors.js';
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
  /** Made by the first listener: most connections never subscribe. */
  #emitter: EventEmitter | undefined;
  readonly #errors: CallErrors;

  /** `errors` builds the `InvalidArgument` of a bad event name or listener. */
  constructor(errors: CallErrors) {
    this.#errors = errors;
  }

  /** `on`, `once` or `off` of a known event with a function listener. */
  listen(method: 'on' | 'once' | 'off', event: unknown, listener: unknown): void {
    if (typeof event !== 'string' || !EVENT_NAMES.has(event)) {
      const shown = typeof event === 'string' ? JSON.stringify(event) : typeOf(event);
      throw this.#errors.invalid(
        undefined,
        `${method}(): unknown event ${shown}; known: ${[...EVENT_NAMES].join(', ')}`,
      );
    }
    if (typeof listener !== 'function') {
      throw this.#errors.invalid(undefined, `${method}(): the listener must be a function, got ${typeOf(listener)}`);
    }
    (this.#emitter ??= new EventEmitter())[method](event, listener as (...args: unknown[]) => void);
  }

  /** Whether anyone listens (the `drop` event is only counted for listeners). */
  listens(event: ConnectionEventName): boolean {
    return this.#emitter !== undefined && this.#emitter.listenerCount(event) > 0;
  }

  /** Tells every listener of `event`. */
  emit(event: ConnectionEventName, ...args: unknown[]): void {
    this.#emitter?.emit(event, ...args);
  }
}
