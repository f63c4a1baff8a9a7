import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveProxy } from '../src/driver/proxy.js';
import { DialError } from '../src/errors.js';
import { dial, Registry } from '../src/index.js';
import { loopDriver } from './support/loop-driver.js';

const DECOY = '127.0.0.1:9999';

function failure(value: string): DialError {
  try {
    resolveProxy(value, 'tcp');
  } catch (error) {
    expect(error).toBeInstanceOf(DialError);
    return error as DialError;
  }
  throw new Error(`resolveProxy accepted ${value}`);
}

describe('resolveProxy', () => {
  it('reads user, password, host, port and socks5h', () => {
    expect(resolveProxy('socks5h://alice:s3cret@[::1]:1081', 'tcp')).toEqual({
      spec: { host: '::1', port: 1081, userId: 'alice', password: 's3cret', remoteDns: true },
      redacted: 'socks5h://alice:***@[::1]:1081',
      secrets: ['s3cret', 's3cret'],
    });
    expect(resolveProxy('socks5://proxy.local', 'tcp').spec).toEqual({
      host: 'proxy.local',
      port: 1080,
      userId: undefined,
      password: undefined,
      remoteDns: false,
    });
  });

  it.each([
    ['raw @', `bot:pa@${DECOY}`],
    ['percent-encoded @ and /', 'bot:pa%40127.0.0.1%3A9999%2Fx'],
    ['@ raw, / ? # encoded', `bot:p@${DECOY}%2F%3Fq=1%23f`],
    ['the decoy as the whole password', `bot:${DECOY}`],
    ['a decoy userinfo inside the password', `bot:x@bot:y@${DECOY}`],
    ['the decoy after a colon', `bot:a:b@${DECOY}:`],
  ])('takes the last @ as the end of the userinfo (%s)', (_, userinfo) => {
    const resolved = resolveProxy(`socks5://${userinfo}@127.0.0.1:1080`, 'ws');
    expect([resolved.spec.host, resolved.spec.port]).toEqual(['127.0.0.1', 1080]);
    expect(resolved.spec.userId).toBe('bot');
    expect(resolved.redacted).toBe('socks5://bot:***@127.0.0.1:1080');
  });

  it.each([
    `bot:pa@${DECOY}/x`,
    `bot:p@${DECOY}?q`,
    `bot:p@${DECOY}#f`,
    `bot:p/x`,
    'bot:p?x',
    'bot:p#x',
    `bot:p@127.0.0.1:1080/`,
  ])('refuses a raw / ? # before the last @ as ambiguous (%s)', (userinfo) => {
    const error = failure(`socks5://${userinfo}@127.0.0.1:1080`);
    expect(error.code).toBe('InvalidArgument');
    expect(error.message).toContain('ambiguous');
  });

  it('never percent-decodes the host', () => {
    expect(failure('socks5://u:p@127.0.0.1%3A9999').message).toContain('proxy host');
    expect(failure('socks5://u:p@evil%2ecom:1080').message).toContain('proxy host');
  });

  it.each([
    ['socks5://u:topsecret@127.0.0.1:1080/', 'nothing after the port'],
    ['socks5://u:topsecret@127.0.0.1:1080/x', 'nothing after the port'],
    ['socks5://u:topsecret@127.0.0.1:1080?x=1', 'nothing after the port'],
    ['socks5://u:topsecret@127.0.0.1:1080#f', 'nothing after the port'],
    ['socks5://u:topsecret@127.0.0.1:1080:1', 'bad port of the proxy'],
    ['socks5://u:topsecret@[::1', 'IPv6'],
    ['socks5://u:topsecret@', 'proxy host'],
    ['socks5://u:topsecret@h:99999', 'bad port 99999'],
    ['socks5://:topsecret@h:1', 'empty user name'],
    ['http://u:topsecret@h:1', 'got http://'],
    ['u:topsecret@h:1', 'without a scheme'],
  ])('%s is InvalidArgument', (value, problem) => {
    const error = failure(value);
    expect(error.code).toBe('InvalidArgument');
    expect(error.message).toContain(problem);
    expect(error.message).not.toContain('topsecret');
  });

  it('routes any percent-encoded password to the host written after it, and decodes it once', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }), (password) => {
        const resolved = resolveProxy(`socks5://bot:${encodeURIComponent(password)}@127.0.0.1:1080`, 'ws');
        expect(resolved.spec).toEqual({ host: '127.0.0.1', port: 1080, userId: 'bot', password, remoteDns: false });
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with a URL parser on the host of every value it accepts, and refuses the rest cleanly', () => {
    const chars = fc.constantFrom('@', '/', '?', '#', ':', '%', '4', '0', '2', 'F', '[', ']', '.', '1', 'a', ' ');
    fc.assert(
      fc.property(fc.string({ unit: chars, maxLength: 40 }), (password) => {
        const value = `socks5://bot:${password}@127.0.0.1:1080`;
        let resolved;
        try {
          resolved = resolveProxy(value, 'ws');
        } catch (error) {
          expect((error as DialError).code).toBe('InvalidArgument');
          return;
        }
        expect([resolved.spec.host, resolved.spec.port]).toEqual(['127.0.0.1', 1080]);
        const url = URL.canParse(value.replace('socks5:', 'http:'))
          ? new URL(value.replace('socks5:', 'http:'))
          : undefined;
        if (url !== undefined) expect([url.hostname, url.port]).toEqual(['127.0.0.1', '1080']);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('proxy= on a scheme without proxy support', () => {
  it('is refused as InvalidArgument, never ignored', async () => {
    const registry = new Registry().register(loopDriver);
    const error = await dial('loop://x|proxy=socks5://u:topsecret@127.0.0.1:1080', { registry }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DialError);
    expect((error as DialError).code).toBe('InvalidArgument');
    expect((error as DialError).message).toContain('cannot be dialed through a proxy');
    expect(String((error as DialError).message)).not.toContain('topsecret');
  });
});
