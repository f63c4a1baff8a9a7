// redactParseError (src/parse-error.ts): quoted fragments of an address in a parse error's
// message are masked where they overlap a credential. Written against the mutants of that file
// the address tests did not reach (docs/mutation.md).
import { describe, expect, it } from 'vitest';
import { DialError } from '../src/errors.js';
import { redactParseError } from '../src/parse-error.js';

const message = (text: string, address: string): string =>
  redactParseError(new DialError({ code: 'InvalidArgument', message: text }), address).message;

describe('redactParseError: quoted fragments', () => {
  // The password of wss://u:pre/fix@h is `pre/fix` (characters 8 to 15).
  const address = 'wss://u:pre/fix@h';

  it.each([
    ['a double-quoted fragment holding part of the password', 'bad host "u:pre"', 'bad host "***"'],
    ['a single-quoted one', "bad port 'fix@h'", 'bad port "***"'],
    ['a fragment cut with …', 'bad host "u:pr…"', 'bad host "***"'],
    ['a fragment elsewhere in the address is kept', 'bad scheme "wss"', 'bad scheme "wss"'],
    ['an empty fragment is kept', 'bad value ""', 'bad value ""'],
    ['a fragment ending where the password starts is kept', 'bad user "u:"', 'bad user "u:"'],
    ['a fragment starting where the password ends is kept', 'bad host "@h"', 'bad host "@h"'],
    ['an ellipsis only counts at the end', 'bad host "u:…pre"', 'bad host "u:…pre"'],
  ])('%s', (_name, text, expected) => {
    expect(message(text, address)).toBe(expected);
  });

  it('masks a fragment at the start of the address, and one overlapping any of several credentials', () => {
    expect(message('bad address "wss://u:pre"', address)).toBe('bad address "***"');
    expect(message('bad host "u:pre"', `${address}|token=t1`)).toBe('bad host "***"');
  });

  it('looks at every place a fragment occurs in the address', () => {
    // `u` is the user (kept) and the password (hidden).
    expect(message('bad value "u"', 'wss://u:u@h')).toBe('bad value "***"');
  });

  it('reads a JSON-escaped fragment as JSON, and a fragment that is not valid JSON as written', () => {
    expect(message('bad host "u:p\\"q"', 'wss://u:p"q/x@h')).toBe('bad host "***"');
    expect(message('bad host "u:a\\qb"', 'wss://u:a\\qb/x@h')).toBe('bad host "***"');
  });

  it('leaves a message alone when the address holds no credential', () => {
    expect(message('bad host "u:pre"', 'wss://u@h/pre')).toBe('bad host "u:pre"');
  });
});
