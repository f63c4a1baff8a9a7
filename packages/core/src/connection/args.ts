import type { DialError } from '../errors.js';

/** A per-call argument after validation: the timeout in ms and the signal, each optional. */
export interface CallArgs {
  readonly ms: number | undefined;
  readonly signal: AbortSignal | undefined;
}

const NONE: CallArgs = { ms: undefined, signal: undefined };
const CALL_KEYS = new Set(['timeout', 'signal']);

/** Names a value's type for a message: `null`, `an array`, `a string`... */
export function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Validates the timeout argument of `read`, `write` and `exec`: a number of milliseconds or
 * `{ timeout, signal }`. Returns an error rather than throwing, so that callers can reject.
 */
export function callArgs(value: unknown, fail: (message: string) => DialError): CallArgs | DialError {
  if (value === undefined) return NONE;
  if (typeof value === 'number')
    return Number.isNaN(value) ? fail('the timeout is NaN') : { ms: value, signal: undefined };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(`the timeout argument must be a number of ms or { timeout, signal }, got ${typeOf(value)}`);
  }
  const { timeout, signal } = value as { timeout?: unknown; signal?: unknown };
  const unknown = Object.keys(value).find((key) => !CALL_KEYS.has(key));
  if (unknown !== undefined) return fail(`unknown call option ${JSON.stringify(unknown)}; known: timeout, signal`);
  if (timeout !== undefined && (typeof timeout !== 'number' || Number.isNaN(timeout))) {
    return fail(`timeout must be a number of ms, got ${typeOf(timeout)}`);
  }
  if (signal !== undefined && !(signal instanceof AbortSignal))
    return fail(`signal must be an AbortSignal, got ${typeOf(signal)}`);
  return { ms: timeout as number | undefined, signal: signal as AbortSignal | undefined };
}

/** Why `max` of `readMany(max)` is not a positive integer, or `undefined` when it is (or is left out). */
export function badMax(max: unknown): string | undefined {
  if (max === undefined || (typeof max === 'number' && Number.isInteger(max) && max >= 1)) return undefined;
  return `readMany: max must be a positive integer, got ${typeof max === 'number' ? max : typeOf(max)}`;
}
