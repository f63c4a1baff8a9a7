import type { OptionSchema, OptionSpec, OptionValue } from '../driver/options.js';
import type { DialError } from '../errors.js';
import { absorbedTypoAt, firstAbsorbedKey } from './absorbed.js';
import { coerceText, type Scalar } from './coerce.js';
import { IDENTIFIER, invalidArgument, quote, schemeLabel, unknownOption } from './fail.js';
import { percentDecode } from './percent.js';

interface Segment {
  readonly key: string;
  /** The value as written (not yet percent-decoded). */
  readonly raw: string;
}

/** True when `text` continues at `index` with `knownKey=`. */
function knownKeyAt(text: string, index: number, keys: readonly string[]): boolean {
  return keys.some((key) => text.startsWith(key, index) && text[index + key.length] === '=');
}

/**
 * Cuts the option text at each `&` that is followed by `knownKey=` or ends the text; every
 * other `&` belongs to the value before it. Empty pieces (a leading or trailing `&`) are
 * skipped.
 */
function segments(text: string, keys: readonly string[], scheme: string): Segment[] {
  const pieces: string[] = [];
  let start = 0;
  for (let amp = text.indexOf('&'); amp >= 0; amp = text.indexOf('&', amp + 1)) {
    if (amp === text.length - 1 || knownKeyAt(text, amp + 1, keys)) {
      pieces.push(text.slice(start, amp));
      start = amp + 1;
    }
  }
  pieces.push(text.slice(start));
  return pieces.filter((piece) => piece !== '').map((piece) => {
    const eq = piece.indexOf('=');
    if (eq < 0) {
      // Only the first piece can lack "=" (the others start with `key=`); show it only if it
      // is a plain word, since it might be a pasted credential.
      const shown = IDENTIFIER.test(piece) ? ` ${quote(piece)}` : '';
      throw invalidArgument(`the option text${shown} after "|" for ${schemeLabel(scheme)} must be key=value pairs joined by "&"`, scheme);
    }
    return { key: piece.slice(0, eq), raw: piece.slice(eq + 1) };
  });
}

/** Types one value; a failure caused by an absorbed `&word=` is reported as unknown key `word`. */
function typed(key: string, spec: OptionSpec, raw: string, schema: OptionSchema, scheme: string): Scalar {
  if (spec.type === 'string') {
    for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', amp + 1)) {
      const typo = absorbedTypoAt(raw, amp, schema, scheme);
      if (typo !== undefined) throw unknownOption(typo, schema, scheme);
    }
    // proxy= is decoded by its resolver, in the userinfo only: decoding it here first could
    // turn an escaped "/" or "@" of a password into a different host (issue 12).
    return key === 'proxy' ? raw : percentDecode(raw);
  }
  try {
    return coerceText(key, spec, percentDecode(raw), scheme);
  } catch (error) {
    const word = firstAbsorbedKey(raw);
    throw word === undefined ? (error as DialError) : unknownOption(word, schema, scheme);
  }
}

/**
 * Parses the option text after `|` (or `||`) against a scheme's schema. Returns only the keys
 * present, typed; repeatable keys give `string[]` in order of appearance. No defaults, no I/O.
 *
 * Rules (DESIGN §4):
 * - Only the first `=` of an option separates key and value; an `&` separates options only
 *   when `knownKey=` follows it (or it ends the text), so JSON and base64 values need no
 *   escaping.
 * - Valid `%XX` escapes in values are decoded as UTF-8; invalid ones stay literal; `+` stays `+`.
 * - Keys match exactly (case-sensitive). An unknown key is reported, with the nearest known key
 *   and the full list, when it is (a) the first option's key; (b) an `&word=` absorbed into a
 *   boolean, integer or enum value that is therefore invalid; or (c) an `&word=` absorbed into
 *   a string value where `word` misspells a known key (differs only in case, or by 1 edit for
 *   4-5 letters / 2 edits for 6+) and the text after it is a valid value for that key — e.g.
 *   `payload={...}&reconect=true`. Other `&word=` inside strings are data; write `%26` to force
 *   an `&` to be data.
 * - A non-repeatable key given twice is an error.
 *
 * @throws DialError `InvalidArgument` with a message naming the key, the bad value (never for
 * `secret` options) and what was expected.
 */
export function parseOptions(text: string, schema: OptionSchema, scheme: string): Record<string, OptionValue> {
  const keys = Object.keys(schema);
  const found = new Map<string, OptionValue>();
  for (const { key, raw } of segments(text, keys, scheme)) {
    const spec = Object.hasOwn(schema, key) ? schema[key] : undefined;
    if (spec === undefined) throw unknownOption(key, schema, scheme);
    const value = typed(key, spec, raw, schema, scheme);
    const previous = found.get(key);
    if (spec.repeatable) {
      found.set(key, [...((previous as readonly string[] | undefined) ?? []), String(value)]);
    } else if (previous !== undefined) {
      throw invalidArgument(`option ${quote(key)} for ${schemeLabel(scheme)} is given more than once; it is not repeatable`, scheme);
    } else {
      found.set(key, value);
    }
  }
  return Object.fromEntries(found);
}
