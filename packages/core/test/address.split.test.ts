// splitAddress and splitQuery, rule by rule (docs/design.md#address-grammar): written against
// the mutants of src/address/split.ts the other address tests let live (docs/mutation.md).
import { describe, expect, it } from 'vitest';
import { splitAddress } from '../src/address/index.js';
import { splitQuery } from '../src/address/split.js';
import { caught } from './address.fixtures.js';

const cut = (address: string): [string, string | undefined, string | undefined] => {
  const { base, options, separator } = splitAddress(address);
  return [base, options, separator];
};

describe('splitAddress: where the options start', () => {
  it.each<[string, string, [string, string | undefined, string | undefined]]>([
    ['a bar after a query', 'wss://h/x?a=1|reconnect=true', ['wss://h/x?a=1', 'reconnect=true', '|']],
    ['a bar after a query, then JSON', 'wss://h/x?a=1|payload={"k":1}', ['wss://h/x?a=1', 'payload={"k":1}', '|']],
    [
      'a bar inside a JSON query value',
      'wss://h/x?p={"k":"|"}|reconnect=true',
      ['wss://h/x?p={"k":"|"}', 'reconnect=true', '|'],
    ],
    [
      'a JSON query value after a plain one',
      'wss://h/x?a=1&p={"k":"|"}|reconnect=true',
      ['wss://h/x?a=1&p={"k":"|"}', 'reconnect=true', '|'],
    ],
    [
      'the only bar inside a JSON query value',
      'wss://h/x?p={"k":"|"}',
      ['wss://h/x?p={"k":"|"}', undefined, undefined],
    ],
    [
      'an unclosed JSON query value',
      'wss://h/x?p={"k":1|reconnect=true',
      ['wss://h/x?p={"k":1', 'reconnect=true', '|'],
    ],
    [
      'an unclosed JSON query value after a plain one',
      'wss://h/x?a=1&p={"k":1|reconnect=true',
      ['wss://h/x?a=1&p={"k":1', 'reconnect=true', '|'],
    ],
    ['JSON values only in the ?query', 'wss://h/a&p={"k":"|"}|x=1', ['wss://h/a&p={"k":"', '"}|x=1', '|']],
    ['a later || when the base holds a bar', 'wss://h/a|b||reconnect=true', ['wss://h/a|b', 'reconnect=true', '||']],
    [
      'a later || after a closed JSON option value',
      'wss://h|payload={"k":1}&x=1||y=2',
      ['wss://h|payload={"k":1}&x=1', 'y=2', '||'],
    ],
    [
      'a later || right where a JSON option value closes',
      'wss://h|payload={"k":1}||x=1',
      ['wss://h|payload={"k":1}', 'x=1', '||'],
    ],
    ['a || inside a JSON option value', 'wss://h|payload={"a":"x||y"}', ['wss://h', 'payload={"a":"x||y"}', '|']],
    [
      'a || inside an unclosed JSON option value',
      'wss://h|payload={"a":"x||y"',
      ['wss://h', 'payload={"a":"x||y"', '|'],
    ],
    ['a word= inside another value is no key', 'wss://h|note=x={"a":"||"}', ['wss://h|note=x={"a":"', '"}', '||']],
  ])('%s', (_name, address, expected) => {
    expect(cut(address)).toEqual(expected);
  });
});

describe('splitAddress: the scheme', () => {
  it('a bare word has no scheme', () => {
    expect(caught(() => splitAddress('localhost')).message).toMatch(/has no scheme/);
  });
  it('an address without a scheme is cut like any other before it is quoted', () => {
    expect(caught(() => splitAddress('?p={"k":"|"}|x')).message).toContain(
      'the address "?p={\\"k\\":\\"|\\"}" has no scheme',
    );
  });
  it('a scheme with a character a scheme cannot hold is invalid', () => {
    expect(caught(() => splitAddress('w_s://h')).message).toMatch(/has an invalid scheme/);
  });
});

describe('splitQuery', () => {
  it.each([
    ['wss://h/x?a=1&b=2', { url: 'wss://h/x', query: 'a=1&b=2' }],
    ['wss://h/x?', { url: 'wss://h/x', query: '' }],
    ['wss://h/x', { url: 'wss://h/x', query: undefined }],
    ['?a=1', { url: '', query: 'a=1' }],
  ])('%s', (base, expected) => {
    expect(splitQuery(base)).toEqual(expected);
  });
});
