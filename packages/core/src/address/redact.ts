import { foundSecretSpans, secretSpans } from './redact-spans.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Byte length of the UTF-8 sequence a lead byte starts, or 0 for a byte that cannot lead. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Decodes one run of consecutive escapes; bytes that are not valid UTF-8 stay as written. */
function decodeRun(run: string): string {
  const bytes = Uint8Array.from({ length: run.length / 3 }, (_, i) => parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16));
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const n = sequenceLength(bytes[i]!);
    // A sequence cut short by the end of the run fails to decode like any other invalid one.
    if (n > 0) {
      try {
        out += utf8.decode(bytes.subarray(i, i + n));
        i += n;
        continue;
      } catch {
        // not valid UTF-8: falls through and keeps the escape literally
      }
    }
    out += run.slice(i * 3, i * 3 + 3);
    i += 1;
  }
  return out;
}

/**
 * Decodes the valid `%XX` escapes of an option value (as UTF-8). Anything else stays literal:
 * `5%`, `%zz`, escapes that do not form valid UTF-8, and `+` (never a space).
 */
export function percentDecode(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, decodeRun);
}

const MASK = '***';
const STRONG_LENGTH = 16;
const MIXED_LENGTH = 8;
const MAX_FORM = 1 << 16;

/**
 * The address with every credential replaced by `***`: URL userinfo passwords anywhere in the
 * text (`scheme://user:***@host`, also inside option values such as
 * `proxy=socks5://u:***@h:1`, Go-MySQL `user:***@tcp(host)`, and the token of
 * `nats://***@host`), `name=value` parameters whose name is a credential name (password,
 * passwd, pass, pwd, secret, token, apikey, api_key, apiSecret, passphrase, key, sign, …, also
 * with a `x-`/`_` prefix, case-insensitive, libpq's `password = value` with spaces and
 * `password='quoted'`), JSON fields with those names inside payloads, `Authorization:` and
 * other credential header lines (`header=Authorization: Bearer …`) and Basic/Bearer tokens.
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
 * Every form in which a client may send or echo the credentials of `address`: each secret
 * `redactAddress` hides as written, percent-decoded, percent-encoded (also as a WHATWG URL
 * encodes a password), and for URL userinfo
 * the `base64(user:password)` of HTTP Basic authentication. Pass them to {@link redactText}.
 */
export function addressSecrets(address: string): string[] {
  if (typeof address !== 'string') return [];
  const found = new Set<string>();
  // Unmerged: merging overlapping spans would keep one extent and one user name, losing the other forms.
  for (const { start, end, user } of foundSecretSpans(address)) {
    const written = address.slice(start, end);
    const plain = percentDecode(written);
    const forms = new Set([written, plain, percentEncoded(plain), urlPassword(plain)]);
    for (const form of forms) found.add(form);
    if (user !== undefined) {
      for (const name of new Set([user, percentDecode(user)])) {
        for (const pass of forms) found.add(Buffer.from(`${name}:${pass}`).toString('base64'));
      }
    }
  }
  return [...found].filter((form) => form.length <= MAX_FORM);
}

/**
 * `text` percent-encoded as clients encode it; a lone surrogate (which `encodeURIComponent`
 * refuses with a URIError) becomes U+FFFD, as the WHATWG URL parser writes it.
 */
function percentEncoded(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
  }
}

/** `password` as the WHATWG URL parser stores it (what clients built on `new URL` send). */
function urlPassword(password: string): string {
  const url = new URL('http://h/');
  url.password = password;
  return url.password;
}

/**
 * True when `secret` is distinctive enough to be masked wherever it appears: at least 16
 * characters, or at least 8 mixing two kinds of character (lower, upper, digit, other).
 * Shorter or plainer secrets (`password`, `x`) are masked only where they stand as a
 * credential, so messages such as "password authentication failed" stay readable.
 */
export function isDistinctive(secret: string): boolean {
  if (secret.length >= STRONG_LENGTH) return true;
  if (secret.length < MIXED_LENGTH) return false;
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((kind) => kind.test(secret)).length;
  return kinds >= 2;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * Where a plain secret stands as a credential in a message: the whole text (a client's
 * `password` property), quoted whole, as URL userinfo
 * (`:secret@`, `//secret@`), or as a credential name's value (`password=secret`,
 * `using password: secret`).
 */
function credentialPlaces(secret: string): RegExp {
  const s = escapeRegExp(secret);
  return new RegExp(
    `^${s}$|(?<=["'\`])${s}(?=["'\`])|(?<=[:/])${s}(?=@)|(?<=(?:pass(?:word|wd)?|pwd|secret|token|key)["']?\\s*[:=]\\s*)${s}(?=$|[\\s&|,;)'"])`,
    'gi',
  );
}

/**
 * `text` with credentials masked by `***`: every credential span it holds itself (what
 * `redactAddress` would mask), every distinctive secret of `secrets` wherever it appears
 * (longest first), and every other secret where it stands as a credential. See
 * `isDistinctive` (in this file) for the rule.
 */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = redactAddress(String(text));
  const ordered = [...new Set(secrets)]
    .filter((s) => typeof s === 'string' && s.length >= 1)
    .sort((a, b) => b.length - a.length);
  for (const secret of ordered) {
    if (!out.includes(secret)) continue;
    out = isDistinctive(secret) ? out.split(secret).join(MASK) : out.replace(credentialPlaces(secret), MASK);
  }
  return out;
}
