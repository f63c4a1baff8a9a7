import { DialError } from '../errors.js';
import type { OptionSchema } from '../driver/options.js';
import { nearest } from './nearest.js';
import { redactAddress } from './redact.js';

/** An option-key-like word: how an absorbed `&key=` is recognised. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

const MAX_SHOWN = 60;

/** A `DialError` with code `InvalidArgument` raised while parsing (op `parse`). */
export function invalidArgument(message: string, scheme?: string, address?: string): DialError {
  return new DialError({ code: 'InvalidArgument', op: 'parse', message, scheme, address });
}

/** `s` quoted for a message, cut to a readable length. */
export function quote(s: string): string {
  const shown = s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}…` : s;
  return JSON.stringify(shown);
}

/** `wss://` for `wss`: how a scheme is named in messages. */
export function schemeLabel(scheme: string): string {
  return `${scheme}://`;
}

/**
 * The error for an option key the scheme does not know: names the key, suggests the nearest
 * known key, and lists all known keys (alphabetically).
 */
export function unknownOption(key: string, schema: OptionSchema, scheme: string): DialError {
  if (key === 'proxy') {
    // Refused rather than ignored: dialing directly would bypass the proxy the user asked for.
    return invalidArgument(
      `${schemeLabel(scheme)} cannot be dialed through a proxy (its driver has no proxy= support); the address is refused rather than connected directly`,
      scheme,
    );
  }
  const known = Object.keys(schema).sort();
  const suggestion = nearest(key, known);
  const hint = suggestion === undefined ? '' : ` did you mean ${quote(suggestion)}?`;
  const list = known.length === 0 ? '(none)' : known.join(', ');
  // A key that is not a plain identifier may be a pasted credential: show it redacted.
  const safeKey = IDENTIFIER.test(key) ? key : redactAddress(key);
  const shown = key === '' ? 'unknown option with an empty key' : `unknown option ${quote(safeKey)}`;
  return invalidArgument(`${shown} for ${schemeLabel(scheme)};${hint} known: ${list}`, scheme);
}
