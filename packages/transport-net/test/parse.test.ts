import { describe, expect, it } from 'vitest';
import { prepareDial, Registry, type DialError } from '@omnidial/core';
import { netDrivers } from '../src/index.js';
import type { NetEndpoint } from '../src/index.js';

const registry = new Registry();
for (const driver of netDrivers) registry.register(driver);

const endpoint = (address: string): NetEndpoint => prepareDial(address, { registry }).endpoint as NetEndpoint;
const failure = (address: string): DialError => {
  try {
    prepareDial(address, { registry });
  } catch (error) {
    return error as DialError;
  }
  throw new Error(`${address} was accepted`);
};

describe('parse: host and port', () => {
  it.each([
    ['tcp://127.0.0.1:9000', '127.0.0.1', 9000],
    ['tcp://localhost:1', 'localhost', 1],
    ['tls://example.com:443/', 'example.com', 443],
    ['udp://[::1]:53', '::1', 53],
    ['tcp://my_host.internal:65535', 'my_host.internal', 65535],
  ])('%s', (address, host, port) => {
    expect(endpoint(address)).toMatchObject({ host, port });
  });

  it.each([
    ['tcp://127.0.0.1', 'missing port'],
    ['tcp://127.0.0.1:', 'missing port'],
    ['udp://host', 'missing port'],
    ['tcp://:9000', 'missing host'],
    ['tcp://', 'missing host and port'],
    ['tcp://h:0', 'bad port 0'],
    ['tcp://h:65536', 'bad port 65536'],
    ['tcp://h:80x', 'bad port "80x"'],
    ['tcp://bad host:1', 'found " "'],
    ['tcp://300.1.1.1:1', 'bad host "300.1.1.1"'],
    ['tcp://ex!ample:1', 'bad host "ex!ample"'],
    ['tcp://::1:9000', 'IPv6 address in brackets'],
    ['tcp://[::g]:9000', 'bad IPv6 host'],
    ['tcp://h:1/path', 'found a path'],
    ['tcp://h:1?x=1', 'found "?"'],
    ['tcp://user:pw@h:1', 'credentials'],
  ])('%s is InvalidArgument naming "%s"', (address, problem) => {
    const error = failure(address);
    expect(error).toMatchObject({ name: 'DialError', code: 'InvalidArgument' });
    expect(error.message).toContain(problem);
    expect(error.message).not.toContain(':pw');
  });
});

describe('parse: proxy', () => {
  it('keeps the proxy, puts the password in secrets and redacts it', () => {
    const ep = endpoint('tcp://10.0.0.1:9000|proxy=socks5://alice:p%40ss@127.0.0.1:1080');
    expect(ep.proxy).toEqual({ host: '127.0.0.1', port: 1080, userId: 'alice', password: 'p@ss', remoteDns: false });
    expect(ep.secrets).toContain('p@ss');
    expect(ep.redacted).toBe('tcp://10.0.0.1:9000|proxy=socks5://alice:***@127.0.0.1:1080');
  });

  it('accepts socks5h:// (remote DNS), no credentials and the default port 1080', () => {
    expect(endpoint('tls://example.com:443|proxy=socks5h://proxy.local').proxy).toEqual({
      host: 'proxy.local',
      port: 1080,
      userId: undefined,
      password: undefined,
      remoteDns: true,
    });
  });

  it.each([
    ['tcp://h:1|proxy=http://u:topsecret@p:8080', 'proxy must be socks5://'],
    ['tcp://h:1|proxy=socks4://p:1080', 'got socks4://'],
    ['tcp://h:1|proxy=127.0.0.1:1080', 'without a scheme'],
    ['tcp://h:1|proxy=socks5://u:topsecret@p:99999', 'bad port 99999'],
  ])('%s is InvalidArgument', (address, problem) => {
    const error = failure(address);
    expect(error.code).toBe('InvalidArgument');
    expect(error.message).toContain(problem);
    expect(`${error.message} ${String(error.address)}`).not.toContain('topsecret');
  });

  it('is not an option of udp:// or unix://', () => {
    expect(failure('udp://h:1|proxy=socks5://p:1080').message).toContain('cannot be dialed through a proxy');
    expect(failure('unix:///x.sock|proxy=socks5://p:1080').code).toBe('InvalidArgument');
  });
});

describe('parse: unix paths and TLS options', () => {
  it.each([
    ['unix:///tmp/app.sock', '/tmp/app.sock'],
    ['unix://run/app.sock', 'run/app.sock'],
    ['unix://@abstract', '\0abstract'],
  ])('%s', (address, path) => expect(endpoint(address).path).toBe(path));

  it('rejects a missing or too long path', () => {
    expect(failure('unix://').message).toContain('missing socket path');
    expect(failure(`unix:///${'x'.repeat(120)}`).message).toContain('limit is 107');
  });

  it('needs cert and key together; TLS keys are not tcp options', () => {
    expect(failure('tls://h:1|cert=c.pem').message).toContain('needs both "cert" and "key"');
    expect(failure('tcp://h:1|ca=x.pem').message).toContain('unknown option "ca"');
    expect(endpoint('tls://h:1|insecure=true&servername=x').tls).toMatchObject({ insecure: true, servername: 'x' });
  });

  it('treats an inline private key as a secret', () => {
    const key = '-----BEGIN PRIVATE KEY-----\nABC\n-----END PRIVATE KEY-----';
    expect(endpoint(`tls://h:1|cert=c.pem&key=${key}`).secrets).toContain(
      '-----BEGIN PRIVATE KEY-----\nABC\n-----END PRIVATE KEY-----',
    );
  });

  it('reads nodelay and keepalive', () => {
    expect(endpoint('tcp://h:1').tuning).toEqual({ noDelay: true, keepAliveMs: 30_000 });
    expect(endpoint('tcp://h:1|nodelay=false&keepalive=0').tuning).toEqual({ noDelay: false, keepAliveMs: 0 });
  });
});
