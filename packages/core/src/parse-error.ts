import { DialError } from './errors.js';
import { addressSecrets, redactAddress, redactText } from './address/index.js';
import { secretSpans, type Span } from './address/redact-spans.js';
import { scrubCause } from './connection/scrub.js';

/** A quoted fragment in a message: `"…"` as `JSON.stringify` writes it, or `'…'`. */
const QUOTED = /"((?:[^"\\]|\\.){0,4096})"|'([^']{0,4096})'/g;

function unquote(json: string | undefined, single: string | undefined): string {
  if (single !== undefined) return single;
  try {
    return JSON.parse(`"${json ?? ''}"`) as string;
  } catch {
    return json ?? '';
  }
}

/** True when some occurrence of `fragment` in `address` overlaps a credential span. */
function overlapsSecret(fragment: string, address: string, spans: readonly Span[]): boolean {
  for (let at = address.indexOf(fragment); at >= 0; at = address.indexOf(fragment, at + 1)) {
    const end = at + fragment.length;
    if (spans.some((span) => at < span.end && span.start < end)) return true;
  }
  return false;
}

/**
 * Masks quoted pieces of the address that hold part of a credential (`bad host "u:pre"`,
 * `bad port "word"` when the password was cut at a `/`): the secret list cannot catch a
 * fragment, but its place in the address can. A piece cut with `…` is matched without it.
 */
function maskFragments(message: string, address: string, spans: readonly Span[]): string {
  if (spans.length === 0) return message;
  return message.replace(QUOTED, (whole, json: string | undefined, single: string | undefined) => {
    const fragment = unquote(json, single).replace(/…$/, '');
    return fragment !== '' && overlapsSecret(fragment, address, spans) ? '"***"' : whole;
  });
}

/**
 * A parse-time DialError rebuilt so that nothing of `address`'s credentials remains: its
 * `address` is the whole address redacted, its `message` has credentials and quoted fragments
 * of them masked, and its `cause` (e.g. a URL `TypeError` whose `input` is the address) is
 * scrubbed the same way.
 */
export function redactParseError(error: DialError, address: string): DialError {
  const spans = secretSpans(address);
  const secrets = addressSecrets(address);
  const redact = (text: string): string => redactText(maskFragments(text, address, spans), secrets);
  scrubCause(error.cause, redact);
  return new DialError({
    code: error.code,
    op: error.op,
    scheme: error.scheme,
    message: redact(error.message),
    cause: error.cause,
    retryable: error.retryable,
    serverCode: error.serverCode,
    address: redactAddress(address),
  });
}
