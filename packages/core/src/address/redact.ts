import { percentDecode } from './percent.js';

/** Half-open range `[start, end)` of a secret inside the scanned text. */
interface Span {
  readonly start: number;
  readonly end: number;
}

const MASK = '***';

/** Names whose `name=value` (and JSON `"name":"value"`) values are credentials. */
const SECRET_NAMES = [
  'password', 'passwd', 'pass', 'pwd', 'secret', 'token', 'apikey', 'api_key', 'api-key', 'apiSecret',
  'secret_key', 'secretkey', 'access_token', 'passphrase', 'key', 'sign', 'signature',
];
const NAMES = SECRET_NAMES.join('|');
// Quoted values are bounded so that many unclosed quotes cannot make a scan quadratic.
const PARAM = new RegExp(`(?<=^|[?&|;,\\s{(])(?:${NAMES})=('(?:[^'\\\\]|\\\\.){0,4096}'|[^&|\\s]*)`, 'gi');
const JSON_FIELD = new RegExp(`"(?:${NAMES})"\\s*:\\s*"((?:[^"\\\\]|\\\\.){0,4096})"`, 'gi');

/** Where a URL's authority ends at the latest: whitespace, `|`, or an option's `&key=`. */
const HARD_END = /[\s|]|&[A-Za-z_][A-Za-z0-9_.-]*=/g;
const SCHEME_CHAR = /[A-Za-z0-9+.-]/;
const LETTER = /[A-Za-z]/;
/** What may follow `@`: a host (name, IPv4, [IPv6]) and port, or a Go-MySQL `tcp(`/`unix(`. */
const HOST_AFTER_AT = /^(?:[A-Za-z0-9._~%-]*|\[[0-9A-Fa-f:.]+\])(?::[0-9]*)?(?=[/?#"',;)\]}>]|$)|^[a-z]+\(/;
const USER = /^[^/?#@"'\s]*$/;
/** Userinfo is looked for in this many characters after `://`, which keeps scans linear. */
const MAX_USERINFO = 2048;
const PORT_THEN_PATH = /^[0-9]{1,5}[/?#]/;

/** Start of the scheme name before the `://` at `mark`, or -1 when no scheme precedes it. */
function schemeStart(text: string, mark: number): number {
  let start = mark;
  while (start > 0 && SCHEME_CHAR.test(text[start - 1]!)) start--;
  while (start < mark && !LETTER.test(text[start]!)) start++;
  return start < mark ? start : -1;
}

/**
 * For each `://` (in order), where its authority can end at the latest: the first hard end
 * after it, or the start of the next URL's scheme. One pass over the text, so long inputs
 * stay linear.
 */
function regionEnds(text: string, marks: readonly number[]): number[] {
  // A scheme before marks[j] lies after marks[j - 1], so the next URL after marks[i] starts
  // at the first later mark that has a scheme.
  const nextUrl: number[] = new Array<number>(marks.length);
  let following = text.length;
  for (let j = marks.length - 1; j >= 0; j--) {
    nextUrl[j] = following;
    const start = schemeStart(text, marks[j]!);
    if (start >= 0) following = start;
  }
  let hard = -1;
  return marks.map((mark, i) => {
    if (hard < mark + 3) {
      HARD_END.lastIndex = mark + 3;
      hard = HARD_END.exec(text)?.index ?? text.length;
    }
    return Math.min(hard, nextUrl[i]!);
  });
}

/**
 * The password of a `scheme://user:pass@host` userinfo at `from` (just after `://`). The
 * password runs to the LAST `@` that is followed by something host-like, so it may contain
 * `@`, `:`, `/`, `?`, `#` and `%`. `host:1234/...` is read as a port, not a password.
 */
function userinfoPassword(text: string, from: number, end: number, ats: readonly number[]): Span | undefined {
  const region = text.slice(from, Math.min(end, from + MAX_USERINFO));
  const colon = region.indexOf(':');
  if (colon < 0 || !USER.test(region.slice(0, colon))) return undefined;
  if (PORT_THEN_PATH.test(region.slice(colon + 1))) return undefined;
  for (let i = lastBelow(ats, from + region.length); i >= 0 && ats[i]! > from + colon; i--) {
    const at = ats[i]! - from;
    if (HOST_AFTER_AT.test(region.slice(at + 1))) {
      return at > colon + 1 ? { start: from + colon + 1, end: from + at } : undefined;
    }
  }
  return undefined;
}

/** Index of the last element of the sorted `list` that is below `limit`, or -1. */
function lastBelow(list: readonly number[], limit: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (list[mid]! < limit) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}

/** After a `||` separator, option values may hold `|`: a secret runs over them. */
function extendOverBars(text: string, end: number): number {
  let stop = end;
  while (text[stop] === '|') {
    stop += 1;
    while (stop < text.length && !/[&|\s]/.test(text[stop]!)) stop += 1;
  }
  return stop;
}

function secretSpans(text: string): Span[] {
  const spans: Span[] = [];
  const marks: number[] = [];
  for (let mark = text.indexOf('://'); mark >= 0; mark = text.indexOf('://', mark + 3)) marks.push(mark);
  const ends = regionEnds(text, marks);
  const ats: number[] = [];
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) ats.push(at);
  marks.forEach((mark, i) => {
    const span = userinfoPassword(text, mark + 3, ends[i]!, ats);
    if (span !== undefined) spans.push(span);
  });
  const doubleBar = text.indexOf('||');
  for (const pattern of [PARAM, JSON_FIELD]) {
    for (const match of text.matchAll(pattern)) {
      let value = match[1]!;
      let start = match.index + match[0].length - value.length;
      if (pattern === JSON_FIELD) start -= 1; // the closing quote
      if (pattern === PARAM && value.length >= 2 && value.startsWith("'")) {
        value = value.slice(1, -1);
        start += 1;
      }
      let end = start + value.length;
      if (pattern === PARAM && doubleBar >= 0 && start > doubleBar) end = extendOverBars(text, end);
      if (end > start) spans.push({ start, end });
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last !== undefined && span.start <= last.end) merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, span.end) };
    else merged.push(span);
  }
  return merged;
}

/**
 * The address with every credential replaced by `***`: URL userinfo passwords anywhere in the
 * text (`scheme://user:***@host`, also inside option values such as
 * `proxy=socks5://u:***@h:1`, and Go-MySQL `user:***@tcp(host)`), `name=value` parameters
 * whose name is a credential name (password, passwd, pass, pwd, secret, token, apikey,
 * api_key, apiSecret, passphrase, key, sign, ... — case-insensitive; the value runs to the
 * next `&`, `|`, whitespace or the end — after a `||` separator `|` is part of it; lib/pq
 * `password='quoted value'` too), and JSON fields with those names inside payloads.
 * Usernames and hosts are kept.
 *
 * Limitations (percent-encode such passwords): one that starts with up to 5 digits followed
 * by `/`, `?` or `#` reads as `host:port/path`; one containing whitespace, `|`, `://` or
 * `&word=` ends the authority early; userinfo longer than 2048 characters is not searched.
 * Ambiguity is resolved towards hiding more: in `wss://u:p@h/ws/btc@ticker` everything up to
 * the last `@` is taken as the password.
 */
export function redactAddress(address: string): string {
  if (typeof address !== 'string') return '';
  let out = '';
  let cursor = 0;
  for (const { start, end } of secretSpans(address)) {
    out += address.slice(cursor, start) + MASK;
    cursor = end;
  }
  return out + address.slice(cursor);
}

/**
 * The secret substrings `redactAddress` hides (and their percent-decoded forms, as a client
 * library would use them), for scrubbing other texts with {@link redactText}.
 */
export function addressSecrets(address: string): string[] {
  if (typeof address !== 'string') return [];
  const found = new Set<string>();
  for (const { start, end } of secretSpans(address)) {
    const secret = address.slice(start, end);
    found.add(secret);
    found.add(percentDecode(secret));
  }
  return [...found];
}

/** `text` with every occurrence of each non-empty secret replaced by `***`, longest first. */
export function redactText(text: string, secrets: readonly string[]): string {
  const ordered = [...new Set(secrets)].filter((s) => s.length >= 1).sort((a, b) => b.length - a.length);
  let out = text;
  for (const secret of ordered) out = out.split(secret).join(MASK);
  return out;
}
