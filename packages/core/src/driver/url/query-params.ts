import { DialError } from '../../errors.js';

/** Reads the `?key=value` part of a broker URL, rejecting keys it does not know. */
export class QueryParams {
  readonly #values = new Map<string, string>();
  readonly #scheme: string;
  readonly #redacted: string;

  constructor(search: string, known: readonly string[], scheme: string, redacted: string) {
    this.#scheme = scheme;
    this.#redacted = redacted;
    for (const [key, value] of new URLSearchParams(search)) {
      if (!known.includes(key)) {
        throw this.invalid(`unknown address parameter "${key}"; known: ${known.join(', ')}`);
      }
      this.#values.set(key, value);
    }
  }

  /** The raw value, or undefined when absent or empty. */
  string(key: string): string | undefined {
    const value = this.#values.get(key);
    return value === undefined || value === '' ? undefined : value;
  }

  /** `true`/`false`/`1`/`0`, or `fallback` when absent. */
  boolean(key: string, fallback: boolean): boolean {
    const value = this.string(key);
    if (value === undefined) return fallback;
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    throw this.invalid(`"${key}" must be true or false, got "${value}"`);
  }

  /** An integer in `[min, max]`, or `fallback` when absent. */
  integer(key: string, fallback: number, min: number, max: number): number {
    const value = this.string(key);
    if (value === undefined) return fallback;
    const number = Number(value);
    if (!Number.isInteger(number) || number < min || number > max) {
      throw this.invalid(`"${key}" must be an integer from ${min} to ${max}, got "${value}"`);
    }
    return number;
  }

  /** One of `values`, or `fallback` when absent. */
  oneOf<T extends string>(key: string, values: readonly T[], fallback: T): T {
    const value = this.string(key);
    if (value === undefined) return fallback;
    if (!(values as readonly string[]).includes(value)) {
      throw this.invalid(`"${key}" must be one of ${values.join(', ')}, got "${value}"`);
    }
    return value as T;
  }

  /** An InvalidArgument error about this address. */
  invalid(message: string): DialError {
    return new DialError({
      code: 'InvalidArgument', op: 'parse', scheme: this.#scheme, address: this.#redacted,
      message: `${this.#scheme}: ${message} (${this.#redacted})`,
    });
  }
}
