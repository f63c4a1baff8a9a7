import type { OptionSchema, OptionSpec, OptionValue, ResolvedOptions } from '../driver/options.js';
import type { DialError } from '../errors.js';
import { coerceObjectValue, coerceText, type Scalar } from './coerce.js';
import { editDistance, IDENTIFIER, invalidArgument, quote, schemeLabel, unknownOption } from './messages.js';
import { secretSpans } from './redact-spans.js';
import { jsonValueEnd, splitAddress, splitQuery, startsJson, type SplitAddress } from './split.js';

const KEY_AT = /[A-Za-z_][A-Za-z0-9_.-]*(?==)/y;

/**
 * The option-key-like word of an `&word=` that starts at `amp` in `text` (an `&` that did not
 * split because `word` is not a known key), or `undefined`.
 */
export function absorbedKeyAt(text: string, amp: number): string | undefined {
  if (text[amp] !== '&') return undefined;
  KEY_AT.lastIndex = amp + 1;
  return KEY_AT.exec(text)?.[0];
}

/** The first absorbed `&word=` in a value, for reporting `word` as an unknown key. */
export function firstAbsorbedKey(value: string): string | undefined {
  for (let amp = value.indexOf('&'); amp >= 0; amp = value.indexOf('&', amp + 1)) {
    const word = absorbedKeyAt(value, amp);
    if (word !== undefined) return word;
  }
  return undefined;
}

/**
 * `word` is a misspelling of `key`: same but for case, two swapped letters (3 chars, `qso`),
 * or 1 edit (4-5 chars) / 2 edits (6+).
 */
function misspells(word: string, key: string): boolean {
  if (word === key) return false;
  const a = word.toLowerCase();
  const b = key.toLowerCase();
  if (a === b) return true;
  if (word.length === 3 && b.length === 3)
    return [...a].sort().join('') === [...b].sort().join('') && editDistance(a, b) === 1;
  if (word.length < 4) return false;
  return editDistance(a, b) <= (word.length <= 5 ? 1 : 2);
}

/**
 * Whether the `&word=value` at `amp` inside a string value looks like a mistyped option rather
 * than data: `word` misspells a known key (see `misspells`) and `value` (up to the next `&`)
 * is valid for that key. Returns `word` when it does. The value check keeps data such as
 * `&mode2=x` in a payload from being mistaken for `mode`.
 */
export function absorbedTypoAt(text: string, amp: number, schema: OptionSchema, scheme: string): string | undefined {
  const word = absorbedKeyAt(text, amp);
  if (word === undefined) return undefined;
  const start = amp + word.length + 2;
  const end = text.indexOf('&', start);
  const value = text.slice(start, end < 0 ? text.length : end);
  for (const [key, spec] of Object.entries(schema)) {
    if (!misspells(word, key)) continue;
    try {
      coerceText(key, spec, value, scheme);
      return word;
    } catch {
      // not a valid value for that key: treat the text as data
    }
  }
  return undefined;
}

interface Segment {
  /** Where the segment's key starts in the option text. */
  readonly at: number;
  readonly key: string;
  /** The value exactly as written. */
  readonly raw: string;
  /** The value was read as one balanced JSON value. */
  readonly json: boolean;
}

/** True when `text` continues at `index` with `knownKey=`. */
export function knownKeyAt(text: string, index: number, keys: readonly string[]): boolean {
  return keys.some((key) => text.startsWith(key, index) && text[index + key.length] === '=');
}

/** Index of the first `&` at or after `from` that is followed by `knownKey=`, else the end. */
function nextSplit(text: string, from: number, keys: readonly string[]): number {
  for (let amp = text.indexOf('&', from); amp >= 0; amp = text.indexOf('&', amp + 1)) {
    if (knownKeyAt(text, amp + 1, keys)) return amp;
  }
  return text.length;
}

function notPairs(piece: string, scheme: string): DialError {
  // Show the text only if it is a plain word, since it might be a pasted credential.
  const shown = IDENTIFIER.test(piece) ? ` ${quote(piece)}` : '';
  return invalidArgument(
    `the option text${shown} for ${schemeLabel(scheme)} must be key=value pairs joined by "&"`,
    scheme,
  );
}

function badJson(key: string, scheme: string, problem: string): DialError {
  return invalidArgument(
    `option ${quote(key)} for ${schemeLabel(scheme)}: a value starting with "{" or "[" is one JSON value, and this one ${problem}; ` +
      'pass other text in the options object',
    scheme,
  );
}

/**
 * Cuts option text into `key=value` segments (docs/design.md#address-grammar). A value runs to the next `&` that is
 * followed by `knownKey=`; a value starting with `{` or `[` is one balanced JSON value, after
 * which only `&` (then any key) or the end may come. Empty pieces (`&&`, a leading `&`) are
 * skipped.
 */
function segments(text: string, keys: readonly string[], scheme: string): Segment[] {
  const out: Segment[] = [];
  let pos = 0;
  while (pos < text.length) {
    if (text[pos] === '&') {
      pos++;
      continue;
    }
    const eq = text.indexOf('=', pos);
    const stop = nextSplit(text, pos, keys);
    if (eq < 0 || eq > stop) throw notPairs(text.slice(pos, stop), scheme);
    const key = text.slice(pos, eq);
    const at = pos;
    if (startsJson(text, eq + 1)) {
      const end = jsonValueEnd(text, eq + 1);
      if (end < 0) throw badJson(key, scheme, 'is not closed (or its brackets do not match)');
      if (end < text.length && text[end] !== '&')
        throw badJson(key, scheme, `is followed by ${quote(text.slice(end, end + 12))} instead of "&" or the end`);
      out.push({ at, key, raw: text.slice(eq + 1, end), json: true });
      pos = end;
      continue;
    }
    const end = nextSplit(text, eq + 1, keys);
    out.push({ at, key, raw: text.slice(eq + 1, end), json: false });
    pos = end;
  }
  return out;
}

/**
 * Refuses option text where an `&knownKey=` cut falls inside a credential: a URL value's
 * password with a raw `&word=` (`proxy=socks5://u:p&header=x@h:1080`) would otherwise be cut
 * into options and its pieces quoted by their errors. Nothing of the text is shown.
 * @throws DialError `InvalidArgument`.
 */
function refuseCutCredentials(text: string, list: readonly Segment[], scheme: string): void {
  const spans = secretSpans(text);
  for (const segment of list) {
    const span = spans.find((s) => s.start < segment.at && segment.at < s.end);
    if (span === undefined) continue;
    const owner = list.findLast((s) => s.at <= span.start)!;
    throw invalidArgument(
      `the ${owner.key} option of ${schemeLabel(scheme)} is ambiguous: a user name or password in it holds a raw &name= ` +
        'that reads as the next option; percent-encode & there as %26 (or give this option after the one that holds the @)',
      scheme,
    );
  }
}

/** Types one value; a failure caused by an absorbed `&word=` is reported as unknown key `word`. */
function typed(segment: Segment, spec: OptionSpec, schema: OptionSchema, scheme: string): Scalar {
  const { key, raw } = segment;
  if (spec.type === 'string') {
    for (let amp = segment.json ? -1 : raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', amp + 1)) {
      const typo = absorbedTypoAt(raw, amp, schema, scheme);
      if (typo !== undefined) throw unknownOption(typo, schema, scheme);
    }
    return raw;
  }
  try {
    return coerceText(key, spec, raw, scheme);
  } catch (error) {
    const word = segment.json ? undefined : firstAbsorbedKey(raw);
    throw word === undefined ? (error as DialError) : unknownOption(word, schema, scheme);
  }
}

/**
 * Parses option text (after `|`/`||`, or a `?query` that holds options) against a scheme's
 * schema. Returns only the keys present, typed; repeatable keys give `string[]` in order of
 * appearance. No defaults, no I/O.
 *
 * Rules (docs/design.md#address-grammar):
 * - Values are literal, byte for byte: no `%XX` decoding, `+` stays `+`. Only the first `=`
 *   of an option separates key and value.
 * - An `&` separates options only when `knownKey=` follows it, so base64 and most text need
 *   no escaping. A value starting with `{` or `[` is one balanced JSON value (strings and
 *   escapes respected): nothing inside it splits.
 * - Keys match exactly (case-sensitive). An unknown key is reported, with the nearest known key
 *   and the full list, when it is (a) the first option's key or the key after a JSON value;
 *   (b) an `&word=` absorbed into a boolean, integer or enum value that is therefore invalid;
 *   or (c) an `&word=` absorbed into a plain string value where `word` misspells a known key
 *   (differs only in case, or by 1 edit for 4-5 letters / 2 edits for 6+) and the text after it
 *   is a valid value for that key — e.g. `pingMessage=hi&reconect=true`.
 * - A non-repeatable key given twice is an error.
 *
 * @throws DialError `InvalidArgument` with a message naming the key, the bad value (never for
 * `secret` options) and what was expected.
 */
export function parseOptions(text: string, schema: OptionSchema, scheme: string): Record<string, OptionValue> {
  const keys = Object.keys(schema);
  const found = new Map<string, OptionValue>();
  const list = segments(text, keys, scheme);
  refuseCutCredentials(text, list, scheme);
  for (const segment of list) {
    const { key } = segment;
    const spec = Object.hasOwn(schema, key) ? schema[key] : undefined;
    if (spec === undefined) throw unknownOption(key, schema, scheme);
    const value = typed(segment, spec, schema, scheme);
    const previous = found.get(key);
    if (spec.repeatable) {
      found.set(key, [...((previous as readonly string[] | undefined) ?? []), String(value)]);
    } else if (previous !== undefined) {
      throw invalidArgument(
        `option ${quote(key)} for ${schemeLabel(scheme)} is given more than once; it is not repeatable`,
        scheme,
      );
    } else {
      found.set(key, value);
    }
  }
  return Object.fromEntries(found);
}

/**
 * The options of an address whose `?query` holds options too: query keys and `|` keys merged.
 * A repeatable key collects both (query first); any other key given in both places must have
 * the same value (no silent precedence).
 * @throws DialError `InvalidArgument`.
 */
export function mergeAddressOptions(
  fromQuery: Readonly<Record<string, OptionValue>>,
  fromOptions: Readonly<Record<string, OptionValue>>,
  schema: OptionSchema,
  scheme: string,
): Record<string, OptionValue> {
  const merged: Record<string, OptionValue> = { ...fromQuery };
  for (const [key, value] of Object.entries(fromOptions)) {
    const earlier = merged[key];
    if (earlier === undefined) merged[key] = value;
    else if (schema[key]?.repeatable)
      merged[key] = [...(earlier as readonly string[]), ...(value as readonly string[])];
    else if (earlier !== value) {
      const shown = schema[key]?.secret ? '' : ` (${quote(String(earlier))} and ${quote(String(value))})`;
      throw invalidArgument(
        `option ${quote(key)} for ${schemeLabel(scheme)} is given both in the URL query and after "|" with different values${shown}`,
        scheme,
      );
    }
  }
  return merged;
}

/** An address read against its scheme's schema: the one parse path of `dial()`. */
export interface ReadAddress extends SplitAddress {
  /** The base without its `?query` when the query holds options, else the base. */
  readonly url: string;
  /** The options written in the address (query and `|` merged), typed; no defaults. */
  readonly values: Record<string, OptionValue>;
}

/**
 * Reads the options of `address` against `schema`: the `|` options, plus the `?query` when
 * `queryOptions` says the scheme keeps options there (docs/design.md#address-grammar). Pure: no I/O.
 * @throws DialError `InvalidArgument`.
 */
export function readAddress(
  address: string,
  schema: OptionSchema,
  queryOptions: boolean,
  split = splitAddress(address),
): ReadAddress {
  const { url, query } = queryOptions ? splitQuery(split.base) : { url: split.base, query: undefined };
  const fromQuery = query === undefined ? {} : parseOptions(query, schema, split.scheme);
  const fromPipe = split.options === undefined ? {} : parseOptions(split.options, schema, split.scheme);
  return { ...split, url, values: mergeAddressOptions(fromQuery, fromPipe, schema, split.scheme) };
}

/**
 * Keys the options object may hold that are not address options; `resolveOptions` skips them
 * and the caller handles them (`signal`, `timeout`, `registry`, `headers`, `tls`).
 */
export const OBJECT_ONLY_KEYS: readonly string[] = ['signal', 'timeout', 'registry', 'headers', 'tls'];

/**
 * Keys whose meaning in the options object is fixed by `dial()` whatever the scheme: a scheme
 * may still declare an address key of the same name (mysql's `timeout=10s`, a Go duration),
 * which the object's `timeout` (connect timeout in seconds) then never feeds (ADR 0210).
 */
const DIAL_KEYS: readonly string[] = ['signal', 'timeout', 'registry'];

function checkKeys(
  source: Readonly<Record<string, unknown>>,
  schema: OptionSchema,
  scheme: string,
  allowObjectOnly: boolean,
): void {
  for (const key of Object.keys(source)) {
    if (Object.hasOwn(schema, key)) continue;
    if (allowObjectOnly && OBJECT_ONLY_KEYS.includes(key)) continue;
    throw unknownOption(key, schema, scheme);
  }
}

/**
 * Merges a scheme's options: schema defaults, overridden by the options object, overridden by
 * the address (a repeatable key given in the address replaces the object's list). Object
 * values are typed here (see `coerceObjectValue`); `undefined` and `null` count as not given.
 * Address values are taken as `parseOptions`/`readAddress` typed them, not coerced again.
 * Keys outside the schema are an unknown-key error, except {@link OBJECT_ONLY_KEYS} in the
 * object. The result holds only keys that have a value.
 *
 * @throws DialError `InvalidArgument`.
 */
export function resolveOptions(
  schema: OptionSchema,
  scheme: string,
  fromObject: Readonly<Record<string, unknown>> | undefined,
  fromAddress: Readonly<Record<string, OptionValue>>,
): ResolvedOptions {
  const object = fromObject ?? {};
  checkKeys(object, schema, scheme, true);
  checkKeys(fromAddress, schema, scheme, false);
  const resolved: Record<string, OptionValue> = {};
  for (const [key, spec] of Object.entries(schema)) {
    const given = Object.hasOwn(object, key) && !DIAL_KEYS.includes(key) ? object[key] : undefined;
    // Validated even when the address overrides it: a bad object value is a bug to report.
    const fromObjectValue =
      given === undefined || given === null ? undefined : coerceObjectValue(key, spec, given, scheme);
    const value = Object.hasOwn(fromAddress, key) ? fromAddress[key] : fromObjectValue;
    if (value !== undefined) resolved[key] = value;
    else if (spec.default !== undefined) resolved[key] = spec.default;
  }
  return resolved;
}
