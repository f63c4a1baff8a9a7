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
const PARAM = new RegExp(`(?<=^|[?&|;,\\s{(])(?:${NAMES})=('(?:[^'\\\\]|\\\\.)*'|[^&|\\s]*)`, 'gi');
const JSON_FIELD = new RegExp(`"(?:${NAMES})"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`, 'gi');

/** Where the authority of the URL starting at `from` can end at the latest. */
const REGION_END = /[\s|]|&[A-Za-z_][A-Za-z0-9_.-]*=|[A-Za-z][A-Za-z0-9+.-]*:\/\//g;
/** What may follow `@`: a host (name, IPv4, [IPv6]) and port, or a Go-MySQL `tcp(`/`unix(`. */
const HOST_AFTER_AT = /^(?:[A-Za-z0-9._~%-]*|\[[0-9A-Fa-f:.]+\])(?::[0-9]*)?(?=[/?#"',;)\]}>]|$)|^[a-z]+\(/;
const USER = /^[^/?#@"'\s]*$/;
const PORT_THEN_PATH = /^[0-9]{1,5}[/?#]/;

function regionEnd(text: string, from: number): number {
  REGION_END.lastIndex = from;
  return REGION_END.exec(text)?.index ?? text.length;
}

/**
 * The password of a `scheme://user:pass@host` userinfo at `from` (just after `://`). The
 * password runs to the LAST `@` that is followed by something host-like, so it may contain
 * `@`, `:`, `/`, `?`, `#` and `%`. `host:1234/...` is read as a port, not a password.
 */
function userinfoPassword(text: string, from: number): Span | undefined {
  const end = regionEnd(text, from);
  const region = text.slice(from, end);
  const colon = region.indexOf(':');
  if (colon < 0 || !USER.test(region.slice(0, colon))) return undefined;
  if (PORT_THEN_PATH.test(region.slice(colon + 1))) return undefined;
  for (let at = region.lastIndexOf('@'); at > colon; at = region.lastIndexOf('@', at - 1)) {
    if (HOST_AFTER_AT.test(region.slice(at + 1))) {
      return at > colon + 1 ? { start: from + colon + 1, end: from + at } : undefined;
    }
  }
  return undefined;
}

function secretSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (let mark = text.indexOf('://'); mark >= 0; mark = text.indexOf('://', mark + 3)) {
    const span = userinfoPassword(text, mark + 3);
    if (span !== undefined) spans.push(span);
  }
  for (const pattern of [PARAM, JSON_FIELD]) {
    for (const match of text.matchAll(pattern)) {
      let value = match[1]!;
      let start = match.index + match[0].length - value.length;
      if (pattern === JSON_FIELD) start -= 1; // the closing quote
      if (pattern === PARAM && value.length >= 2 && value.startsWith("'")) {
        value = value.slice(1, -1);
        start += 1;
      }
      if (value !== '') spans.push({ start, end: start + value.length });
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
 * next `&`, `|`, whitespace or the end; lib/pq `password='quoted value'` too), and JSON
 * fields with those names inside payloads. Usernames and hosts are kept.
 *
 * Limitation: a password that starts with up to 5 digits followed by `/`, `?` or `#` is read
 * as `host:port/path` and is not found; percent-encode such passwords.
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
