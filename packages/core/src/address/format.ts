import type { OptionSchema, OptionValue } from '../driver/options.js';
import { absorbedTypoAt } from './absorbed.js';
import { coerceObjectValue } from './coerce.js';
import { invalidArgument, quote, schemeLabel, unknownOption } from './fail.js';

const TWO_HEX = /^[0-9A-Fa-f]{2}/;

function knownKeyFirst(text: string, keys: readonly string[]): boolean {
  return keys.some((key) => text.startsWith(key) && text[key.length] === '=');
}

/**
 * Escapes only what `parseOptions` would otherwise misread: `%` before two hex digits, and `&`
 * where it would split or be taken for a mistyped key (or ends the value). `|` needs no escape
 * because the `||` separator is chosen instead. Works right to left because each decision
 * depends on the encoded rest of the value.
 */
function encodeValue(value: string, schema: OptionSchema, scheme: string): string {
  const keys = Object.keys(schema);
  let out = '';
  for (let i = value.length - 1; i >= 0; i--) {
    const c = value[i]!;
    let piece = c;
    if (c === '%' && TWO_HEX.test(out)) piece = '%25';
    else if (c === '&' && (out === '' || knownKeyFirst(out, keys) || absorbedTypoAt(`&${out}`, 0, schema, scheme) !== undefined)) piece = '%26';
    out = piece + out;
  }
  return out;
}

function renderOptions(pairs: readonly (readonly [string, string])[], schema: OptionSchema, scheme: string): string {
  return pairs.map(([key, value]) => `${key}=${encodeValue(value, schema, scheme)}`).join('&');
}

/**
 * Writes an address from its parts, the inverse of `splitAddress` + `parseOptions`:
 * `parseOptions(splitAddress(formatAddress(...)).options)` deep-equals the given options.
 * Values are validated against the schema; booleans are written `true`/`false`; `undefined`
 * values and empty repeatable lists are left out. The separator is `|`, or `||` when an
 * option value (or the base) contains `|` — never `%7C`. A `base` without `://` gets
 * `scheme://` in front.
 *
 * @throws DialError `InvalidArgument` for unknown keys, invalid values, non-text values
 * (e.g. a Buffer) and a base that cannot be followed by options.
 */
export function formatAddress(scheme: string, base: string, options: Readonly<Record<string, OptionValue>>, schema: OptionSchema): string {
  const head = base.includes('://') ? base : `${scheme}://${base}`;
  const pairs: [string, string][] = [];
  for (const [key, given] of Object.entries(options)) {
    if (given === undefined) continue;
    const spec = Object.hasOwn(schema, key) ? schema[key] : undefined;
    if (spec === undefined) throw unknownOption(key, schema, scheme);
    const value = coerceObjectValue(key, spec, given, scheme);
    const values = Array.isArray(value) ? (value as readonly string[]) : [value];
    for (const item of values) {
      if (typeof item === 'object') {
        throw invalidArgument(`option ${quote(key)} for ${schemeLabel(scheme)} holds non-text data, which an address cannot carry`, scheme);
      }
      pairs.push([key, String(item)]);
    }
  }

  const text = renderOptions(pairs, schema, scheme);
  const needsDouble = text.includes('|') || head.includes('|');
  if (pairs.length === 0 && !head.includes('|')) return head;
  if (!needsDouble) return `${head}|${text}`;
  if (head.includes('||') || head.endsWith('|')) {
    throw invalidArgument(`the base address for ${schemeLabel(scheme)} contains "|" in a way no separator can follow`, scheme);
  }
  return `${head}||${text}`;
}
