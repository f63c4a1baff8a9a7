// parseOptions, readAddress and resolveOptions rule by rule (src/address/options.ts), written
// against the mutants of that file the other address tests let live (docs/mutation.md).
import { describe, expect, it } from 'vitest';
import type { OptionSchema } from '../src/driver/options.js';
import { parseOptions, readAddress, resolveOptions } from '../src/address/index.js';
import { caught } from './address.fixtures.js';

const S: OptionSchema = {
  msg: { type: 'string', description: 'text' },
  qos: { type: 'integer', min: 0, max: 2, description: 'qos' },
  mode: { type: 'enum', values: ['recv', 'send'], description: 'mode' },
  delay: { type: 'integer', description: 'delay' },
  reconnect: { type: 'boolean', description: 'reconnect' },
  payload: { type: 'string', description: 'payload' },
  topic: { type: 'string', repeatable: true, description: 'topics' },
  token: { type: 'string', secret: true, description: 'token' },
};
const parse = (text: string) => parseOptions(text, S, 'x');
const error = (text: string): string => caught(() => parse(text)).message;

describe('parseOptions: an absorbed &word= that misspells a key', () => {
  it.each([
    ['two swapped letters of a 3-letter key', 'msg=hi&qso=1', 'qso'],
    ['a key in another case', 'msg=hi&QOS=1', 'QOS'],
    ['one letter more than a 3-letter key', 'msg=hi&qoss=1', 'qoss'],
    ['1 edit of a 4-letter key', 'msg=hi&moda=recv', 'moda'],
    ['2 edits of a 9-letter key', 'msg=hi&recnnecx=true', 'recnnecx'],
    ['with its value up to the next &', 'msg=hi&moda=recv&zz=1', 'moda'],
  ])('%s is reported', (_name, text, word) => {
    expect(error(text)).toContain(JSON.stringify(word));
  });

  it.each([
    ['3 letters, not the same letters', 'msg=hi&qsx=1'],
    ['3 letters, same letters but 2 edits', 'msg=hi&soq=1'],
    ['3 letters, 1 edit but other letters', 'msg=hi&qox=1'],
    ['2 letters', 'msg=hi&qo=1'],
    ['2 edits of a 5-letter key', 'msg=hi&dxlxy=5'],
  ])('%s is data', (_name, text) => {
    expect(parse(text)).toEqual({ msg: text.slice(4) });
  });

  it('names an absorbed word of a typed value, also at the start or after a plain &', () => {
    expect(error('delay=&x=1')).toContain('"x"');
    expect(error('delay=1&2&x=1')).toContain('"x"');
  });
});

describe('parseOptions: the option text', () => {
  it('refuses a piece without = and shows it only when it is a plain word', () => {
    expect(error('abc&reconnect=true')).toContain('the option text "abc" for');
    expect(error('a b')).toContain('the option text for');
  });
  it('splits only at an &: knownKey= inside a value without an & before it is part of the value', () => {
    expect(parse('payload=xqos=1&msg=hi')).toEqual({ payload: 'xqos=1', msg: 'hi' });
  });
  it('keeps an &knownKey= inside a JSON value', () => {
    expect(parse('payload={"a":"x&reconnect=true"}')).toEqual({ payload: '{"a":"x&reconnect=true"}' });
  });
  it('says what to do with a JSON value that does not close', () => {
    expect(error('payload={"a":1')).toContain('pass other text in the options object');
  });
});

describe('readAddress: query and | options', () => {
  it('reads both when the scheme keeps options in its query', () => {
    const read = readAddress('x://h/p?qos=1&topic=a|topic=b&msg=hi', S, true);
    expect(read.url).toBe('x://h/p');
    expect(read.values).toEqual({ qos: 1, topic: ['a', 'b'], msg: 'hi' });
  });
  it('leaves the query in the url otherwise', () => {
    const read = readAddress('x://h/p?qos=1|msg=hi', S, false);
    expect(read.url).toBe('x://h/p?qos=1');
    expect(read.values).toEqual({ msg: 'hi' });
  });
  it('reads a query without | options, and neither', () => {
    expect(readAddress('x://h/p?qos=1', S, true).values).toEqual({ qos: 1 });
    expect(readAddress('x://h/p', S, true).values).toEqual({});
  });
  it('takes a key given in both places with the same value, refuses different ones', () => {
    expect(readAddress('x://h?qos=1|qos=1', S, true).values).toEqual({ qos: 1 });
    expect(caught(() => readAddress('x://h?qos=1|qos=2', S, true)).message).toContain('("1" and "2")');
  });
  it('never shows the values of a secret key given twice', () => {
    const message = caught(() => readAddress('x://h?token=t1|token=t2', S, true)).message;
    expect(message).toMatch(/given both in the URL query and after "\|" with different values$/);
    expect(message).not.toContain('t1');
    expect(message).not.toContain('t2');
  });
});

describe('resolveOptions', () => {
  const dialKeys: OptionSchema = {
    signal: { type: 'string', default: 's0', description: 's' },
    timeout: { type: 'string', default: 't0', description: 't' },
    registry: { type: 'string', default: 'r0', description: 'r' },
  };
  it('never feeds a scheme key named signal, timeout or registry from the options object', () => {
    expect(resolveOptions(dialKeys, 'x', { signal: 's1', timeout: 't1', registry: 'r1' }, {})).toEqual({
      signal: 's0',
      timeout: 't0',
      registry: 'r0',
    });
  });
  it('refuses object-only keys in the address', () => {
    expect(caught(() => resolveOptions(S, 'x', {}, { signal: 'x' })).message).toContain('"signal"');
  });
});
