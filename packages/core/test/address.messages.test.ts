// The message helpers of src/address/messages.ts and two rules of formatAddress, written against
// the mutants of those files the other address tests let live (docs/mutation.md).
import { describe, expect, it } from 'vitest';
import { formatAddress } from '../src/address/index.js';
import { editDistance, nearest, quote } from '../src/address/messages.js';
import { SCHEMA, caught } from './address.fixtures.js';

describe('quote', () => {
  it('cuts a long text to 60 characters and marks the cut', () => {
    expect(quote('a'.repeat(61))).toBe(JSON.stringify(`${'a'.repeat(60)}…`));
    expect(quote('a'.repeat(60))).toBe(JSON.stringify('a'.repeat(60)));
  });
});

describe('editDistance (optimal string alignment)', () => {
  it.each([
    ['ping', 'pnig', 1],
    ['ab', 'ba', 1],
    ['abc', 'acb', 1],
    ['abcd', 'badc', 2],
    ['ab', 'bc', 2],
    ['ca', 'abc', 3],
    ['abc', 'abd', 1],
    ['a', 'b', 1],
  ])('%s → %s: %i', (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
    expect(editDistance(b, a)).toBe(expected);
  });
});

describe('nearest', () => {
  it('allows 1 edit up to 2 characters, 2 up to 5, 3 beyond', () => {
    expect(nearest('ab', ['xb'])).toBe('xb');
    expect(nearest('ab', ['xy'])).toBeUndefined();
    expect(nearest('abcde', ['abcxy'])).toBe('abcxy');
    expect(nearest('abcde', ['abxyz'])).toBeUndefined();
    expect(nearest('abcdef', ['abcxyz'])).toBe('abcxyz');
  });
  it('gives a tie to the earlier candidate', () => {
    expect(nearest('pong', ['ping', 'pang'])).toBe('ping');
  });
});

describe('formatAddress', () => {
  it('takes only a real & for the start of a key', () => {
    expect(formatAddress('wss', 'wss://h', { pingMessage: 'xreconnect=1' }, SCHEMA)).toBe(
      'wss://h|pingMessage=xreconnect=1',
    );
  });
  it('says why a base ending in | cannot be followed by options', () => {
    expect(caught(() => formatAddress('wss', 'wss://h|', { pingMessage: 'a|b' }, SCHEMA)).message).toMatch(
      /contains "\|" in a way no separator can follow/,
    );
  });
});
