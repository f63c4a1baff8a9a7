import type { OptionSchema } from '../driver/options.js';
import { coerceText } from './coerce.js';
import { editDistance } from './nearest.js';

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
