import { describe, expect, it } from 'vitest';
import { DEFAULT_SOCKS_PORT, resolveProxy } from '../src/driver/proxy.js';
import type { DialError } from '../src/errors.js';
import { thrownDialError } from './support/thrown.js';

const failure = (value: string, scheme = 'tcp'): DialError => thrownDialError(() => resolveProxy(value, scheme));

describe('proxy= credentials', () => {
  it('a user without a password is shown and sent without one, and nothing is secret', () => {
    expect(resolveProxy('socks5://bob@127.0.0.1:1081', 'tcp')).toEqual({
      spec: { host: '127.0.0.1', port: 1081, userId: 'bob', password: undefined, remoteDns: false },
      redacted: 'socks5://bob@127.0.0.1:1081',
      secrets: [],
    });
  });

  it('an empty password after the colon counts as no password', () => {
    const resolved = resolveProxy('socks5://bob:@127.0.0.1:1081', 'tcp');
    expect(resolved.spec.userId).toBe('bob');
    expect(resolved.spec.password).toBeUndefined();
    expect(resolved.redacted).toBe('socks5://bob@127.0.0.1:1081');
    expect(resolved.secrets).toEqual([]);
  });

  it('without credentials the redacted form is scheme, host and port, and nothing is secret', () => {
    const resolved = resolveProxy('socks5h://proxy.local', 'ws');
    expect(resolved.redacted).toBe(`socks5h://proxy.local:${DEFAULT_SOCKS_PORT}`);
    expect(resolved.secrets).toEqual([]);
    expect(resolved.spec.userId).toBeUndefined();
  });

  it('keeps the password as written and as decoded among the secrets to scrub', () => {
    const resolved = resolveProxy('socks5://bob:p%40ss%3Aw@127.0.0.1:1080', 'tcp');
    expect(resolved.spec.password).toBe('p@ss:w');
    expect(resolved.secrets).toEqual(['p%40ss%3Aw', 'p@ss:w']);
    expect(resolved.redacted).toBe('socks5://bob:***@127.0.0.1:1080');
  });

  it('leaves an escape that is not valid UTF-8 as written', () => {
    const resolved = resolveProxy('socks5://bob:a%C3%28b%41@127.0.0.1:1080', 'tcp');
    expect(resolved.spec.password).toBe('a%C3%28bA');
  });

  it('refuses an empty user name before the @', () => {
    const error = failure('socks5://@127.0.0.1:1080');
    expect(error.message).toContain('empty user name');
  });

  it.each([
    ['user name', (long: string) => `socks5://${long}:pw@127.0.0.1:1080`],
    ['password', (long: string) => `socks5://bob:${long}@127.0.0.1:1080`],
  ])('accepts a %s of 255 bytes and refuses one of 256 (SOCKS5 limit), counting bytes', (_, value) => {
    expect(() => resolveProxy(value('x'.repeat(255)), 'tcp')).not.toThrow();
    expect(() => resolveProxy(value('é'.repeat(127)), 'tcp')).not.toThrow();
    for (const long of ['x'.repeat(256), 'é'.repeat(128), '%C3%A9'.repeat(128)]) {
      const error = failure(value(long));
      expect(error.code).toBe('InvalidArgument');
      expect(error.message).toContain('at most 255 bytes');
      expect(error.message).not.toContain(long);
    }
  });
});

describe('proxy= errors', () => {
  it('are parse errors of the dialed scheme, the message starting with it', () => {
    const error = failure('socks5://u:topsecret@[::1', 'ws');
    expect([error.code, error.op, error.scheme]).toEqual(['InvalidArgument', 'parse', 'ws']);
    expect(error.message.startsWith('ws: ')).toBe(true);
  });

  it.each([' socks5://127.0.0.1:1080', '1socks5://127.0.0.1:1080', '\nsocks5://127.0.0.1:1080'])(
    'refuse a value with anything before the scheme (%j)',
    (value) => {
      expect(failure(value).message).toContain('without a scheme');
    },
  );

  it('refuse a user name that starts with a raw /', () => {
    expect(failure('socks5:///x@127.0.0.1:1080').message).toContain('ambiguous');
  });
});

describe('proxy= host and port', () => {
  it('an IPv6 host without a port gets the default port', () => {
    const resolved = resolveProxy('socks5://[::1]', 'tcp');
    expect([resolved.spec.host, resolved.spec.port]).toEqual(['::1', DEFAULT_SOCKS_PORT]);
    expect(resolved.redacted).toBe('socks5://[::1]:1080');
  });

  it.each(['[127.0.0.1]:1080', '[proxy.local]:1080', '[::1]x1080', '[::1]1080', '[::1]]:1080'])(
    'refuses %s as not a valid [IPv6]:port',
    (authority) => {
      expect(failure(`socks5://u:topsecret@${authority}`).message).toContain('[IPv6]:port');
    },
  );

  it.each(['1.2.3.4.nip.io', 'a.10.0.0.1', 'proxy-1.internal', `${'a'.repeat(63)}.${'b'.repeat(63)}`])(
    'accepts the host name %s',
    (host) => {
      expect(resolveProxy(`socks5://${host}:1080`, 'tcp').spec.host).toBe(host);
    },
  );

  it.each(['256.1.1.1', '1.2.3.999', '10.0.0.256', '10.20.30.400', `${'a.'.repeat(126)}ab`, 'a'.repeat(64)])(
    'refuses the host %s',
    (host) => {
      expect(failure(`socks5://${host}:1080`).message).toContain('not a host name or IP address');
    },
  );

  it('accepts ports 1 and 65535 and refuses 0 and 65536', () => {
    expect(resolveProxy('socks5://127.0.0.1:1', 'tcp').spec.port).toBe(1);
    expect(resolveProxy('socks5://127.0.0.1:65535', 'tcp').spec.port).toBe(65535);
    expect(failure('socks5://127.0.0.1:0').message).toContain('bad port 0 of the proxy');
    expect(failure('socks5://127.0.0.1:65536').message).toContain('bad port 65536 of the proxy');
    expect(failure('socks5://127.0.0.1:').message).toContain('bad port of the proxy');
  });
});
