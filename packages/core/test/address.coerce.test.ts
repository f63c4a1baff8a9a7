// Typing option values (src/address/coerce.ts): messages, ranges and object values, written
// against the mutants of that file the other address tests let live (docs/mutation.md).
import { describe, expect, it } from 'vitest';
import type { OptionSchema } from '../src/driver/options.js';
import { formatAddress, parseOptions } from '../src/address/index.js';
import { caught } from './address.fixtures.js';

const S: OptionSchema = {
  qos: { type: 'integer', min: 0, max: 2, description: 'qos' },
  low: { type: 'integer', min: 1, description: 'low' },
  high: { type: 'integer', max: 9, description: 'high' },
  n: { type: 'integer', description: 'n' },
  pin: { type: 'integer', min: 0, max: 9, secret: true, description: 'pin' },
  mode: { type: 'enum', values: ['recv', 'send'], description: 'mode' },
  key: { type: 'enum', values: ['alpha', 'beta'], secret: true, description: 'key' },
  msg: { type: 'string', description: 'msg' },
  ab: { type: 'enum', values: ['a', 'b'], description: 'one letter' },
};
const error = (text: string): string => caught(() => parseOptions(text, S, 'x')).message;

describe('coerceText: messages', () => {
  it.each([
    ['qos=3', 'option "qos" for x:// must be an integer from 0 to 2, got 3'],
    ['low=0', 'option "low" for x:// must be an integer of at least 1, got 0'],
    ['high=10', 'option "high" for x:// must be an integer of at most 9, got 10'],
    ['n=abc', 'option "n" for x:// expects an integer, got "abc"'],
    ['pin=10', 'option "pin" for x:// must be an integer from 0 to 9'],
    [
      'pin=abc',
      'option "pin" for x:// expects an integer from 0 to 9, got an invalid value (not shown: the option is secret)',
    ],
    ['mode=rcv', 'option "mode" for x:// expects one of recv, send, got "rcv"; did you mean "recv"?'],
    ['mode=zzzzzz', 'option "mode" for x:// expects one of recv, send, got "zzzzzz"'],
    ['mode=', 'option "mode" for x:// expects one of recv, send, got an empty value'],
    ['ab=', 'option "ab" for x:// expects one of a, b, got an empty value'],
    [
      'key=alpho',
      'option "key" for x:// expects one of alpha, beta, got an invalid value (not shown: the option is secret)',
    ],
  ])('%s', (text, expected) => {
    expect(error(text)).toBe(expected);
  });

  it('reads -0 as 0', () => {
    expect(Object.is(parseOptions('n=-0', S, 'x').n, 0)).toBe(true);
  });
});

describe('coerceObjectValue: values of the wrong type', () => {
  it.each([
    [{ n: null }, 'got null'],
    [{ n: [1] }, 'got an array'],
    [{ msg: null }, 'got null'],
  ])('%j', (options, got) => {
    expect(caught(() => formatAddress('x', 'x://h', options as never, S)).message).toContain(got);
  });
});
