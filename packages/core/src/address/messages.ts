import { DialError } from '../errors.js';
import type { OptionSchema } from '../driver/options.js';
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

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), so that
 * `pnig` is one edit from `ping`.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, prev2[j - 2]! + 1);
      }
      row.push(best);
    }
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/** How many edits a name of this length may be away from a candidate and still be "close". */
function tolerance(length: number): number {
  if (length <= 2) return 1;
  if (length <= 5) return 2;
  return 3;
}

/**
 * The candidate closest to `name` (compared case-insensitively with {@link editDistance}), or
 * `undefined` when none is close enough: at most 1 edit for names of up to 2 characters, 2 up to
 * 5 characters, 3 beyond. Ties go to the earlier candidate.
 */
export function nearest(name: string, candidates: readonly string[]): string | undefined {
  const wanted = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= tolerance(name.length) ? best : undefined;
}
