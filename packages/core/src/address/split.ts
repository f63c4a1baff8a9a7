import { invalidArgument, quote } from './messages.js';
import { redactAddress } from './redact.js';

/**
 * Index just past the balanced JSON value (object or array) that starts at `start` (a `{` or
 * `[`: callers check {@link startsJson} first), or -1 when it never closes or its brackets do
 * not match. Strings and their `\` escapes are respected, so `&`, `|`, `=` and brackets inside
 * them are data. Only the bracket structure is checked, not that the text is valid JSON.
 */
export function jsonValueEnd(text: string, start: number): number {
  const closers: string[] = [];
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '{') {
      closers.push('}');
    } else if (c === '[') {
      closers.push(']');
    } else if (c === '}' || c === ']') {
      if (closers.pop() !== c) return -1;
      if (closers.length === 0) return i + 1;
    }
  }
  return -1;
}

/** True when an option value written as `text` is read as one JSON value (docs/design.md#address-grammar). */
export function startsJson(text: string, at = 0): boolean {
  const c = text[at];
  return c === '{' || c === '[';
}

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
  // A `||` at `first`, or a later one (the base holds a `|`) unless it sits inside a JSON value.
  const double = address.indexOf('||', first);
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
