import type { OptionSchema, OptionSpec, OptionValue } from '../driver/options.js';
import type { DialError } from '../errors.js';
import { absorbedTypoAt, firstAbsorbedKey } from './absorbed.js';
import { coerceText, type Scalar } from './coerce.js';
import { IDENTIFIER, invalidArgument, quote, schemeLabel, unknownOption } from './fail.js';
import { jsonValueEnd, startsJson } from './json.js';
import { redactAddress } from './redact.js';
import { secretSpans } from './redact-spans.js';

/** An address cut into its base and its option text (docs/design.md#address-grammar). */
export interface SplitAddress {
  /** Lower-case scheme: the text before the first `://`. */
  scheme: string;
  /** The part before the separator, exactly as given (scheme included). */
  base: string;
  /** The text after the separator; `undefined` when there is none, `''` for a bare `|`. */
  options: string | undefined;
  /** Which separator was found. */
  separator: '|' | '||' | undefined;
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;
const KEY_THEN_EQ = /[A-Za-z_][A-Za-z0-9_.-]*=/y;

/**
 * Whether `index` lies inside a JSON option value of the option text that starts at `from`
 * (values found without a schema: any `word=` at the start or after `&`).
 */
function insideJsonValue(text: string, from: number, index: number): boolean {
  let pos = from;
  while (pos < index) {
    KEY_THEN_EQ.lastIndex = pos;
    const key = KEY_THEN_EQ.exec(text);
    if (key !== null && startsJson(text, KEY_THEN_EQ.lastIndex)) {
      const start = KEY_THEN_EQ.lastIndex;
      const end = jsonValueEnd(text, start);
      if (start < index && (end < 0 || end > index)) return true;
      pos = end;
      continue;
    }
    const amp = text.indexOf('&', pos);
    if (amp < 0) return false;
    pos = amp + 1;
  }
  return false;
}

/**
 * The first `|` at or after `from` that is not inside a JSON value of the `key=value&...` text
 * starting at `from` (a `?query` whose values may be JSON), or -1.
 */
function firstBarOutsideJson(text: string, from: number): number {
  let pos = from;
  for (;;) {
    KEY_THEN_EQ.lastIndex = pos;
    if (KEY_THEN_EQ.exec(text) !== null && startsJson(text, KEY_THEN_EQ.lastIndex)) {
      const end = jsonValueEnd(text, KEY_THEN_EQ.lastIndex);
      if (end < 0) return text.indexOf('|', pos);
      pos = end;
      continue;
    }
    const amp = text.indexOf('&', pos);
    const bar = text.indexOf('|', pos);
    if (bar >= 0 && (amp < 0 || bar < amp)) return bar;
    if (amp < 0) return -1;
    pos = amp + 1;
  }
}

/**
 * Where the options start: the first `|` outside a JSON value of the base's `?query` (a `||`
 * there is the separator), else a later `||`.
 */
function findSeparator(address: string): { at: number; separator: '|' | '||' } | undefined {
  const bar = address.indexOf('|');
  const query = address.indexOf('?');
  const first = query >= 0 && query < bar ? firstBarOutsideJson(address, query + 1) : bar;
  if (first < 0) return undefined;
  if (address[first + 1] === '|') return { at: first, separator: '||' };
  const double = address.indexOf('||', first);
  // A later `||` is the separator (the base holds a `|`) unless it sits inside a JSON value.
  if (double < 0 || insideJsonValue(address, first + 1, double)) return { at: first, separator: '|' };
  return { at: double, separator: '||' };
}

/**
 * Cuts `address` into base and options at the first `|` (not counting those inside a JSON
 * value of the base's `?query`), or at a `||` (which then allows `|` in option values). When the first `|` is single and a `||` follows later, that `||` is the
 * separator (the base contains a `|`), unless it lies inside a JSON option value. The base is
 * not validated beyond its scheme — that is the driver's job — and keeps its own `?`, `&` or
 * `=` (`clickhouse://tcp://h:9000?username=u&password=p`).
 *
 * @throws DialError `InvalidArgument` when `address` is not a string, is empty, or has no
 * valid `scheme://` prefix.
 */
export function splitAddress(address: string): SplitAddress {
  if (typeof address !== 'string') {
    const got = address === null ? 'null' : typeof address;
    throw invalidArgument(`the address must be a string, got ${got}`);
  }
  if (address.trim() === '') throw invalidArgument('the address is empty');

  const found = findSeparator(address);
  const base = found === undefined ? address : address.slice(0, found.at);
  const options = found === undefined ? undefined : address.slice(found.at + found.separator.length);

  const mark = base.indexOf('://');
  const scheme = mark > 0 ? base.slice(0, mark) : '';
  if (!SCHEME.test(scheme)) {
    // Without a scheme redaction cannot find `user:pass@`, so an address with `@` is not echoed.
    const unsafe = base.includes('@');
    const shown = unsafe ? 'the address' : `the address ${quote(redactAddress(base))}`;
    const problem = mark > 0 ? 'has an invalid scheme' : 'has no scheme';
    throw invalidArgument(
      `${shown} ${problem}; expected scheme://... (a letter, then letters, digits, "+", "-" or "."), e.g. wss://host/path`,
      undefined,
      unsafe ? undefined : redactAddress(address),
    );
  }
  return { scheme: scheme.toLowerCase(), base, options, separator: found?.separator };
}

/** A base whose `?query` holds options, cut at the first `?`. */
export function splitQuery(base: string): { url: string; query: string | undefined } {
  const q = base.indexOf('?');
  return q < 0 ? { url: base, query: undefined } : { url: base.slice(0, q), query: base.slice(q + 1) };
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
