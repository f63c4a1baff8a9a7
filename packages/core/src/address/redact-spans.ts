/**
 * Where credentials stand in a text: the spans `redactAddress` masks and `addressSecrets`
 * lists. Every scan is linear in the text (bounded quoted values, one pass over `://` and `@`).
 */

/** Half-open range `[start, end)` of a secret inside the scanned text. */
export interface Span {
  readonly start: number;
  readonly end: number;
  /** The user name of a URL userinfo password (for the `Basic base64(user:pass)` form). */
  readonly user?: string;
}

/** Words whose `name=value`, `"name":"value"` and `Name: value` values are credentials. */
const WORDS =
  'password|passwd|pass|pwd|secret|token|api[-_]?key|api[-_]?secret|secret[-_]?key|access[-_]?token|passphrase|key|sign|signature|authorization|cookie|credentials?';
/** A credential word, optionally after a prefix that ends in `-` or `_` (`x-mbx-apikey`, `aws_secret`). */
const NAME = `(?:[A-Za-z0-9]+[-_])*(?:${WORDS})`;
// Quoted values are bounded so that many unclosed quotes cannot make a scan quadratic.
// Spaces around `=` are allowed: libpq accepts `password = secret`.
const PARAM = new RegExp(`(?<=^|[?&|;,\\s{(]|//)${NAME} {0,16}= {0,16}('(?:[^'\\\\]|\\\\.){0,4096}'|[^&|\\s]*)`, 'gi');
const JSON_FIELD = new RegExp(`"${NAME}"\\s*:\\s*"((?:[^"\\\\]|\\\\.){0,4096})"`, 'gi');
/** `Authorization: Basic …` as a header line (in `header=` options and in echoed requests). */
const HEADER_LINE =
  /(?<![A-Za-z0-9_-])(?:proxy-authorization|authorization|cookie|x-[A-Za-z0-9-]*(?:key|token|secret|sign|signature|passphrase|auth)[A-Za-z0-9-]*)[ \t]*:[ \t]*((?:(?:Basic|Bearer|Digest|Token|Negotiate) +)?[^\s&|",;]{1,4096})/gi;
/** A Basic or Bearer token anywhere; a plain word such as "auth" after `Basic` is not one. */
const AUTH_TOKEN = /\b(?:Basic|Bearer)[ \t]+([A-Za-z0-9+/=._~-]*[0-9+/=][A-Za-z0-9+/=._~-]*|[A-Za-z0-9+/=._~-]{16,})/g;

/**
 * Where a URL's authority ends at the latest: a line end, `|`, or an option's `&key=`. Spaces do
 * not end it: a password may hold one (the user part and the host may not).
 */
const HARD_END = /[\r\n|]|&[A-Za-z_][A-Za-z0-9_.-]*=/g;
/** In the base of an address (before the first `|`) `&key=` is part of a password, never an option. */
const BASE_END = /[\r\n|]/g;
const SCHEME_CHAR = /[A-Za-z0-9+.-]/;
const LETTER = /[A-Za-z]/;
/** What may follow `@`: a host (name, IPv4, [IPv6]) and port, or a Go-MySQL `tcp(`/`unix(`. */
const HOST_AFTER_AT = /^(?:[A-Za-z0-9._~%-]*|\[[0-9A-Fa-f:.]+\])(?::[0-9]*)?(?=[/?#"',;)\]}>&]|$)|^[a-z]+\(/;
const USER = /^[^/?#@"'\s]*$/;
/** Schemes whose bare userinfo (`nats://TOKEN@host`) is a token, not a user name. */
const TOKEN_SCHEMES = /^nats(?:\+tls)?$/i;
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
 * after it, or the start of the next URL's scheme (`end`); and the same without counting an
 * option's `&key=` (`wide`), for a password that holds a raw `&key=` (the userinfo then has
 * no `@` before `end`, and hiding more is the safe reading).
 */
function regionEnds(text: string, marks: readonly number[]): Array<{ end: number; wide: number }> {
  const nextUrl: number[] = new Array<number>(marks.length);
  let following = text.length;
  for (let j = marks.length - 1; j >= 0; j--) {
    nextUrl[j] = following;
    const start = schemeStart(text, marks[j]!);
    if (start >= 0) following = start;
  }
  const bar = text.indexOf('|');
  let hard = -1;
  let line = -1;
  return marks.map((mark, i) => {
    if (hard < mark + 3) {
      const end = bar >= 0 && mark > bar ? HARD_END : BASE_END;
      end.lastIndex = mark + 3;
      hard = end.exec(text)?.index ?? text.length;
    }
    if (line < mark + 3) {
      BASE_END.lastIndex = mark + 3;
      line = BASE_END.exec(text)?.index ?? text.length;
    }
    return { end: Math.min(hard, nextUrl[i]!), wide: Math.min(line, nextUrl[i]!) };
  });
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

/**
 * The password of a `scheme://user:pass@host` userinfo at `from` (just after `://`). The
 * password runs to the LAST `@` that is followed by something host-like, so it may contain
 * `@`, `:`, `/`, `?`, `#` and `%`. `host:1234/...` is read as a port, not a password. For a
 * token scheme, userinfo without `:` is the token.
 */
function userinfoPassword(
  text: string,
  from: number,
  end: number,
  ats: readonly number[],
  token: boolean,
): Span | undefined {
  const region = text.slice(from, Math.min(end, from + MAX_USERINFO));
  const last = lastBelow(ats, from + region.length);
  for (let i = last; i >= 0 && ats[i]! >= from; i--) {
    const at = ats[i]! - from;
    if (HOST_AFTER_AT.test(region.slice(at + 1))) return passwordBefore(region, at, from, token);
  }
  // No `@` is followed by a valid host (`user:pa:ss@host:99x`, a mistyped port): the address is
  // wrong, but what stands before its last `@` is still a password, and hiding it is the safe reading.
  const at = last >= 0 && ats[last]! >= from ? ats[last]! - from : -1;
  return at < 0 || token ? undefined : passwordBefore(region, at, from, false);
}

/** The password of the userinfo `region.slice(0, at)` (`region` starts at `from` in the text), if it has one. */
function passwordBefore(region: string, at: number, from: number, token: boolean): Span | undefined {
  const info = region.slice(0, at);
  const colon = info.indexOf(':');
  // A bare token may hold any reserved character, spaces and quotes (the region has no line end).
  if (colon < 0) return token && at > 0 ? { start: from, end: from + at } : undefined;
  if (!USER.test(info.slice(0, colon)) || PORT_THEN_PATH.test(region.slice(colon + 1))) return undefined;
  return at > colon + 1 ? { start: from + colon + 1, end: from + at, user: info.slice(0, colon) } : undefined;
}

/** After a `||` separator, option values may hold `|`: a secret (of any named form) runs over them. */
function extendOverBars(text: string, end: number): number {
  let stop = end;
  while (text[stop] === '|') {
    stop += 1;
    while (stop < text.length && !/[&|\s]/.test(text[stop]!)) stop += 1;
  }
  return stop;
}

function urlSpans(text: string): Span[] {
  const spans: Span[] = [];
  const marks: number[] = [];
  for (let mark = text.indexOf('://'); mark >= 0; mark = text.indexOf('://', mark + 3)) marks.push(mark);
  const ends = regionEnds(text, marks);
  const ats: number[] = [];
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) ats.push(at);
  marks.forEach((mark, i) => {
    const start = schemeStart(text, mark);
    const token = start >= 0 && TOKEN_SCHEMES.test(text.slice(start, mark));
    const { end, wide } = ends[i]!;
    const span =
      userinfoPassword(text, mark + 3, end, ats, token) ??
      (wide > end ? userinfoPassword(text, mark + 3, wide, ats, token) : undefined);
    if (span !== undefined) spans.push(span);
  });
  return spans;
}

function namedSpans(text: string): Span[] {
  const spans: Span[] = [];
  const doubleBar = text.indexOf('||');
  for (const pattern of [PARAM, JSON_FIELD, HEADER_LINE, AUTH_TOKEN]) {
    for (const match of text.matchAll(pattern)) {
      let value = match[1]!;
      let start = match.index + match[0].length - value.length;
      if (pattern === JSON_FIELD) start -= 1; // the closing quote
      // Only a closed quote is taken off: an unclosed one is part of the secret.
      if (pattern === PARAM && value.length >= 2 && value.startsWith("'") && value.endsWith("'")) {
        value = value.slice(1, -1);
        start += 1;
      }
      let end = start + value.length;
      if (doubleBar >= 0 && start > doubleBar) end = extendOverBars(text, end);
      if (end > start) spans.push({ start, end });
    }
  }
  return spans;
}

/**
 * Every credential span of `text` as found, unmerged: overlapping spans each keep their own
 * extent and user name (a userinfo password read also as a header value, as in
 * `wss://x-api-key:pw@h`, is one span of each kind), so every form of each secret can be listed.
 */
export function foundSecretSpans(text: string): Span[] {
  return [...urlSpans(text), ...namedSpans(text)];
}

/** Every credential span of `text`, sorted and merged where they overlap. */
export function secretSpans(text: string): Span[] {
  const spans = foundSecretSpans(text);
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last !== undefined && span.start <= last.end)
      merged[merged.length - 1] = { ...last, end: Math.max(last.end, span.end) };
    else merged.push(span);
  }
  return merged;
}
