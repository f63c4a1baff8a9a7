// Where redaction finds credentials (src/address/redact-spans.ts), case by case: each case was
// written against a mutant of that file the other redaction tests let live (docs/mutation.md).
import { describe, expect, it } from 'vitest';
import { addressSecrets, redactAddress } from '../src/address/index.js';

describe('redactAddress: URL userinfo', () => {
  it.each([
    ['an empty NATS token', 'nats://@h:4222', 'nats://@h:4222'],
    ['a NATS over TLS token', 'nats+tls://T0KEN@h:4222', 'nats+tls://***@h:4222'],
    ['a user name of a scheme ending in nats', 'mynats://user@h', 'mynats://user@h'],
    ['a user name of a scheme starting with nats', 'natsx://user@h', 'natsx://user@h'],
    ['a scheme after a non-letter', '-nats://T0KEN@h:4222', '-nats://***@h:4222'],
    ['an @ before a host that is not one', 'wss://u:pw@h/p?q=a@b c(d)', 'wss://u:***@h/p?q=a@b c(d)'],
    ['a colon in the path is no userinfo', 'wss://h/a:b@c', 'wss://h/a:b@c'],
    [
      'a password before an @ with no valid host after it (a mistyped port)',
      'mqtt://u:pa:ss@h:99x',
      'mqtt://u:***@h:99x',
    ],
    ['… or a space in the host', 'wss://u:pw@my host/x', 'wss://u:***@my host/x'],
    ['… but a colon in the path is still no userinfo', 'wss://h/a:b@c d', 'wss://h/a:b@c d'],
    ['a password starting with digits', 'redis://u:12ab@h:6379', 'redis://u:***@h:6379'],
    ['a :// without a scheme inside a password', 'wss://u:p=://x@h', 'wss://u:***@h'],
    ['&key= in the base is part of a password', 'wss://u:a@b&k=c@h/ws', 'wss://u:***@h/ws'],
    ['… also when options follow', 'wss://u:a@b&k=c@h/ws|reconnect=true', 'wss://u:***@h/ws|reconnect=true'],
    ['a URL right after a bar', 'wss://a:b1@h|s://c:d2@p:1', 'wss://a:***@h|s://c:***@p:1'],
    ['… whose option ends its authority', 'wss://a:b1@h|s://c:d2@p:1&k=x@y', 'wss://a:***@h|s://c:***@p:1&k=x@y'],
    ['a raw &key= password right after a bar', 'wss://a@h|s://u:p&header=x@h2:1', 'wss://a@h|s://u:***@h2:1'],
    [
      'a raw &key= password, then another URL',
      'wss://h|proxy=socks5://u:p&header=x@127.0.0.1:1080&x=http://a:b@c',
      'wss://h|proxy=socks5://u:***@127.0.0.1:1080&x=http://a:***@c',
    ],
    ['two URLs on one line', 'wss://a:b1@h/x socks5://c:d2@p:1', 'wss://a:***@h/x socks5://c:***@p:1'],
    [
      'options text that starts with a bar',
      '|proxy=socks5://u:p@x@h:1&payload={"a":"b@c"}',
      '|proxy=socks5://u:***@h:1&payload={"a":"b@c"}',
    ],
  ])('%s', (_name, address, expected) => {
    expect(redactAddress(address)).toBe(expected);
  });
});

describe('redactAddress: named values', () => {
  it.each([
    ['an empty quoted libpq password', "postgres://password='' host=h", "postgres://password='' host=h"],
    ['a lone quote as the value', "postgres://password=' host=h", 'postgres://password=*** host=h'],
    ['a closing quote alone is part of the value', "postgres://password=abc' host=h", 'postgres://password=*** host=h'],
    ['a token and a value right after it are one run', 'got Bearer token={"a":1} back', 'got Bearer *** back'],
    ['an unclosed quote hides the whole value', "postgres://password='abc host=h", 'postgres://password=*** host=h'],
    ['quotes inside a JSON value', 'wss://h|payload={"token":"\'t1\'"}', 'wss://h|payload={"token":"***"}'],
    ['a value before a single bar', 'wss://h/x?token=t1|reconnect=true', 'wss://h/x?token=***|reconnect=true'],
    ['a value before a double bar', 'wss://h/x?token=t1||reconnect=true', 'wss://h/x?token=***||reconnect=true'],
    ['options text that starts with a double bar', '||token=a|b', '||token=***'],
    ['a header value holding a bar after ||', 'wss://h||header=X-Api-Key: k1|k2', 'wss://h||header=X-Api-Key: ***'],
    ['a header name with more after the word', 'wss://h|header=X-Token-Id: t1', 'wss://h|header=X-Token-Id: ***'],
    ['a space before the colon', 'wss://h|header=X-Api-Key : k1', 'wss://h|header=X-Api-Key : ***'],
    ['no space after the colon', 'wss://h|header=Authorization:Bearer abc.def', 'wss://h|header=Authorization:***'],
    [
      'two spaces after the scheme word',
      'wss://h|header=Authorization: Bearer  abc.def',
      'wss://h|header=Authorization: ***',
    ],
    ['a Bearer token with a digit inside', 'got Bearer ab1cd back', 'got Bearer *** back'],
    ['a long Bearer token of letters', 'got Bearer abcdefghijklmnop back', 'got Bearer *** back'],
    ['two spaces before a Basic token', 'got Basic  dTpTM2NyZXRQVw== back', 'got Basic  *** back'],
    [
      'a named value before a URL password',
      'wss://h|token=t1&proxy=socks5://u:p1@h:1',
      'wss://h|token=***&proxy=socks5://u:***@h:1',
    ],
    ['overlapping spans hide both', 'wss://u:x&token=abc@h', 'wss://u:***'],
  ])('%s', (_name, address, expected) => {
    expect(redactAddress(address)).toBe(expected);
  });
});

describe('addressSecrets: URL userinfo', () => {
  it('lists a NATS token without a user name', () => {
    expect(addressSecrets('nats+tls://T0KEN@h:4222')).toEqual(['T0KEN']);
  });
});

describe('redactAddress: how far a userinfo is looked for', () => {
  it('a raw &key= password ends at the line end, not at an @ on a later line', () => {
    expect(redactAddress('wss://h|proxy=socks5://u:p&header=x@h1:1\nuser@h2')).toBe(
      'wss://h|proxy=socks5://u:***@h1:1\nuser@h2',
    );
  });

  it('looks for the @ in the 2048 characters after :// (the limit redactAddress documents)', () => {
    const within = `wss://u:${'a'.repeat(2045)}@h`;
    expect(redactAddress(within)).toBe('wss://u:***@h');
    const beyond = `wss://u:${'a'.repeat(2046)}@h`;
    expect(redactAddress(beyond)).toBe(beyond);
  });
});
