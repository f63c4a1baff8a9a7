import type { OptionSpec, OptionValue } from '../driver/options.js';
import type { DialError } from '../errors.js';
import { invalidArgument, nearest, quote, schemeLabel } from './messages.js';

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);
const INTEGER = /^[+-]?[0-9]+$/;

/** A scalar option value after typing; repeatable options collect these as strings. */
export type Scalar = boolean | number | string;

/** Names the option in a message: `option "mode" for wss://`. */
function subject(key: string, scheme: string): string {
  return `option ${quote(key)} for ${schemeLabel(scheme)}`;
}

/** What a value of this spec must look like, for messages. */
export function expectation(spec: OptionSpec): string {
  switch (spec.type) {
    case 'boolean':
      return 'a boolean (true/false, 1/0, yes/no, on/off)';
    case 'integer':
      return `an integer${range(spec)}`;
    case 'enum': {
      const aliases = Object.keys(spec.aliases ?? {});
      const extra = aliases.length === 0 ? '' : ` (or the aliases ${aliases.join(', ')})`;
      return `one of ${(spec.values ?? []).join(', ')}${extra}`;
    }
    case 'string':
      return 'a string';
  }
}

function range(spec: OptionSpec): string {
  if (spec.min !== undefined && spec.max !== undefined) return ` from ${spec.min} to ${spec.max}`;
  if (spec.min !== undefined) return ` of at least ${spec.min}`;
  if (spec.max !== undefined) return ` of at most ${spec.max}`;
  return '';
}

function badText(key: string, spec: OptionSpec, text: string, scheme: string, hint = ''): DialError {
  const got =
    text === '' ? 'an empty value' : spec.secret ? 'an invalid value (not shown: the option is secret)' : quote(text);
  return invalidArgument(`${subject(key, scheme)} expects ${expectation(spec)}, got ${got}${hint}`, scheme);
}

/** The canonical enum value `text` names (case-insensitive, aliases included), if any. */
export function matchEnum(spec: OptionSpec, text: string): string | undefined {
  const wanted = text.toLowerCase();
  const value = (spec.values ?? []).find((v) => v.toLowerCase() === wanted);
  if (value !== undefined) return value;
  const alias = Object.entries(spec.aliases ?? {}).find(([name]) => name.toLowerCase() === wanted);
  return alias?.[1];
}

function checkRange(key: string, spec: OptionSpec, n: number, scheme: string): number {
  if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) {
    const got = spec.secret ? '' : `, got ${n}`;
    throw invalidArgument(`${subject(key, scheme)} must be an integer${range(spec)}${got}`, scheme);
  }
  return n === 0 ? 0 : n; // no -0
}

/**
 * Types one option value written in an address (literal text).
 * @throws DialError `InvalidArgument` naming the key, the bad value (unless secret) and what
 * was expected.
 */
export function coerceText(key: string, spec: OptionSpec, text: string, scheme: string): Scalar {
  switch (spec.type) {
    case 'string':
      return text;
    case 'boolean': {
      const lower = text.toLowerCase();
      if (TRUE.has(lower)) return true;
      if (FALSE.has(lower)) return false;
      throw badText(key, spec, text, scheme);
    }
    case 'integer': {
      const n = INTEGER.test(text) ? Number(text) : NaN;
      if (!Number.isSafeInteger(n)) throw badText(key, spec, text, scheme);
      return checkRange(key, spec, n, scheme);
    }
    case 'enum': {
      const value = matchEnum(spec, text);
      if (value !== undefined) return value;
      const names = [...(spec.values ?? []), ...Object.keys(spec.aliases ?? {})];
      const guess = spec.secret || text === '' ? undefined : nearest(text, names);
      throw badText(key, spec, text, scheme, guess === undefined ? '' : `; did you mean ${quote(guess)}?`);
    }
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

function badType(key: string, spec: OptionSpec, value: unknown, scheme: string): DialError {
  return invalidArgument(`${subject(key, scheme)} expects ${expectation(spec)}, got ${typeName(value)}`, scheme);
}

function coerceScalar(key: string, spec: OptionSpec, value: unknown, scheme: string): unknown {
  switch (spec.type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw badType(key, spec, value, scheme);
      return value;
    case 'integer':
      if (typeof value !== 'number') throw badType(key, spec, value, scheme);
      if (!Number.isSafeInteger(value)) throw badText(key, spec, String(value), scheme);
      return checkRange(key, spec, value, scheme);
    case 'enum':
      if (typeof value !== 'string') throw badType(key, spec, value, scheme);
      return coerceText(key, spec, value, scheme);
    case 'string':
      // Drivers accept non-text material for some string options (a CA as a Buffer).
      if (typeof value === 'string' || (typeof value === 'object' && value !== null)) return value;
      throw badType(key, spec, value, scheme);
  }
}

/**
 * Validates one value of the options object (or an already parsed address value): a boolean
 * for `boolean`, a safe integer number for `integer`, a string for `enum` (canonicalised) and
 * `string`; a `string` option also passes non-string objects (e.g. a `Buffer`) through
 * unchanged. A repeatable option takes a string or an array of them and yields an array.
 * @throws DialError `InvalidArgument`.
 */
export function coerceObjectValue(key: string, spec: OptionSpec, value: unknown, scheme: string): OptionValue {
  if (spec.repeatable) {
    const items: unknown[] = Array.isArray(value) ? value : [value];
    return items.map((item) => {
      if (typeof item !== 'string') throw badType(key, { ...spec, type: 'string' }, item, scheme);
      return String(coerceText(key, spec, item, scheme));
    });
  }
  return coerceScalar(key, spec, value, scheme) as OptionValue;
}
