import type { OptionSchema, OptionValue } from '../driver/options.js';
import type { DialError } from '../errors.js';
import { coerceObjectValue } from './coerce.js';
import { invalidArgument, quote, schemeLabel, unknownOption } from './messages.js';
import { absorbedTypoAt, knownKeyAt } from './options.js';
import { jsonValueEnd, startsJson } from './split.js';

function unwritable(key: string, scheme: string, why: string): DialError {
  return invalidArgument(
    `option ${quote(key)} for ${schemeLabel(scheme)} ${why}, which an address cannot carry literally; pass it in the options object`,
    scheme,
  );
}

/**
 * Checks that `value` reads back unchanged when written literally after `key=`: a value
 * starting with `{`/`[` must be exactly one balanced JSON value, and any other value must
 * hold no `&` that would split it (`&knownKey=`) or be taken for a mistyped key.
 */
function checkLiteral(key: string, value: string, schema: OptionSchema, scheme: string): void {
  if (startsJson(value)) {
    if (jsonValueEnd(value, 0) !== value.length)
      throw unwritable(key, scheme, 'starts with "{" or "[" but is not one balanced JSON value');
    return;
  }
  const keys = Object.keys(schema);
  for (let amp = value.indexOf('&'); amp >= 0; amp = value.indexOf('&', amp + 1)) {
    if (knownKeyAt(value, amp + 1, keys) || absorbedTypoAt(value, amp, schema, scheme) !== undefined) {
      throw unwritable(key, scheme, `holds ${quote(value.slice(amp, value.indexOf('=', amp) + 1))}`);
    }
  }
}

/**
 * Writes an address from its parts, the inverse of `splitAddress` + `parseOptions`:
 * `parseOptions(splitAddress(formatAddress(...)).options)` deep-equals the given options.
 * Values are written literally (docs/design.md#address-grammar); booleans as `true`/`false`; `undefined` values and
 * empty repeatable lists are left out. The separator is `|`, or `||` when an option value (or
 * the base) contains `|`. A `base` without `://` gets `scheme://` in front.
 *
 * @throws DialError `InvalidArgument` for unknown keys, invalid values, non-text values
 * (e.g. a Buffer), values that cannot be written literally (see `checkLiteral`) and a base
 * that cannot be followed by options.
 */
export function formatAddress(
  scheme: string,
  base: string,
  options: Readonly<Record<string, OptionValue>>,
  schema: OptionSchema,
): string {
  const head = base.includes('://') ? base : `${scheme}://${base}`;
  const pairs: string[] = [];
  for (const [key, given] of Object.entries(options)) {
    if (given === undefined) continue;
    const spec = Object.hasOwn(schema, key) ? schema[key] : undefined;
    if (spec === undefined) throw unknownOption(key, schema, scheme);
    const value = coerceObjectValue(key, spec, given, scheme);
    const values = Array.isArray(value) ? (value as readonly string[]) : [value];
    for (const item of values) {
      if (typeof item === 'object') throw unwritable(key, scheme, 'holds non-text data');
      checkLiteral(key, String(item), schema, scheme);
      pairs.push(`${key}=${String(item)}`);
    }
  }

  const text = pairs.join('&');
  if (pairs.length === 0 && !head.includes('|')) return head;
  if (!text.includes('|') && !head.includes('|')) return `${head}|${text}`;
  if (head.includes('||') || head.endsWith('|')) {
    throw invalidArgument(
      `the base address for ${schemeLabel(scheme)} contains "|" in a way no separator can follow`,
      scheme,
    );
  }
  return `${head}||${text}`;
}
