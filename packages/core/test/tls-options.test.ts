import { describe, expect, it } from 'vitest';
import { hasTlsOptions, tlsSecrets, tlsSettings, tlsSettingsIf, type TlsSettings } from '../src/driver/index.js';
import type { ResolvedOptions } from '../src/driver/options.js';
import type { DialError } from '../src/errors.js';
import { thrownDialError } from './support/thrown.js';

const PEM_KEY = '-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw==\n-----END PRIVATE KEY-----\n';
const PEM_CERT = '-----BEGIN CERTIFICATE-----\nY2VydA==\n-----END CERTIFICATE-----\n';

const settings = (options: Record<string, unknown>): TlsSettings => tlsSettings(options as ResolvedOptions, 'tls');
const refused = (options: Record<string, unknown>): DialError => thrownDialError(() => settings(options));

describe('tlsSettings: what an address says about TLS', () => {
  it('no TLS option: nothing to load, verification on', () => {
    expect(settings({})).toStrictEqual({
      ca: undefined,
      cert: undefined,
      key: undefined,
      servername: undefined,
      insecure: false,
    });
  });

  it('keeps file paths, inline PEM and the server name as given', () => {
    expect(
      settings({ ca: '/etc/ssl/ca.pem', cert: PEM_CERT, key: '/secrets/client.key', servername: 'db.internal' }),
    ).toStrictEqual({
      ca: '/etc/ssl/ca.pem',
      cert: PEM_CERT,
      key: '/secrets/client.key',
      servername: 'db.internal',
      insecure: false,
    });
  });

  it('insecure=true turns verification off; only the boolean true does', () => {
    expect(settings({ insecure: true }).insecure).toBe(true);
    expect(settings({ insecure: false }).insecure).toBe(false);
    expect(settings({ insecure: 'true' }).insecure).toBe(false);
  });

  it('PEM handed over as bytes (options object) becomes text', () => {
    const got = settings({
      ca: Buffer.from(PEM_CERT),
      cert: new Uint8Array(Buffer.from(PEM_CERT)),
      key: Buffer.from(PEM_KEY),
    });
    expect(got).toMatchObject({ ca: PEM_CERT, cert: PEM_CERT, key: PEM_KEY });
    expect(settings({ ca: Buffer.from(`\n  ${PEM_CERT}`) }).ca).toBe(`\n  ${PEM_CERT}`);
  });

  it('bytes that are not PEM are refused, naming the option and not echoing the bytes', () => {
    const error = refused({ ca: Buffer.from('/etc/ssl/ca.pem') });
    expect(error).toMatchObject({ code: 'InvalidArgument', op: 'parse', scheme: 'tls' });
    expect(error.message).toBe('tls: option "ca" given as bytes must hold PEM text');
    const key = refused({ cert: PEM_CERT, key: Buffer.from('raw-secret-key-material') });
    expect(key.message).toBe('tls: option "key" given as bytes must hold PEM text');
    expect(key.message).not.toContain('raw-secret');
  });

  it('the server name is a host name, never bytes', () => {
    expect(refused({ servername: Buffer.from(PEM_CERT) }).message).toBe('tls: option "servername" must be a host name');
  });

  it.each([
    ['ca', ''],
    ['cert', '   '],
    ['key', 42],
    ['ca', true],
  ])('%s=%j is refused as not a file path or inline PEM', (key, value) => {
    const error = refused({ cert: PEM_CERT, key: PEM_KEY, [key]: value });
    expect(error).toMatchObject({ code: 'InvalidArgument', op: 'parse', scheme: 'tls' });
    expect(error.message).toBe(`tls: option "${key}" must be a file path or inline PEM`);
  });

  it('an empty or blank server name is refused', () => {
    expect(refused({ servername: '' }).message).toBe('tls: option "servername" must be a host name');
    expect(refused({ servername: ' \t' }).message).toBe('tls: option "servername" must be a host name');
  });

  it("the scheme in the error is the caller's", () => {
    const error = thrownDialError(() => tlsSettings({ ca: '' }, 'postgres'));
    expect(error).toMatchObject({
      scheme: 'postgres',
      message: 'postgres: option "ca" must be a file path or inline PEM',
    });
  });

  it('a client certificate needs both cert= and key=, and the error names the one given, not its value', () => {
    const onlyKey = refused({ key: PEM_KEY });
    expect(onlyKey).toMatchObject({ code: 'InvalidArgument', op: 'parse', scheme: 'tls' });
    expect(onlyKey.message).toBe('tls: a client certificate needs both "cert" and "key"; only "key" was given');
    expect(onlyKey.message).not.toContain('c2VjcmV0');
    expect(refused({ cert: '/c.pem' }).message).toBe(
      'tls: a client certificate needs both "cert" and "key"; only "cert" was given',
    );
    expect(settings({ cert: '/c.pem', key: '/k.pem' })).toMatchObject({ cert: '/c.pem', key: '/k.pem' });
  });
});

describe('hasTlsOptions', () => {
  it.each(['ca', 'cert', 'key', 'servername'])('%s= asks for TLS', (key) => {
    expect(hasTlsOptions({ [key]: 'x' })).toBe(true);
  });

  it('insecure=true asks for TLS, insecure=false alone does not', () => {
    expect(hasTlsOptions({ insecure: true })).toBe(true);
    expect(hasTlsOptions({ insecure: false })).toBe(false);
    expect(hasTlsOptions({ insecure: false, ca: '/ca.pem' })).toBe(true);
  });

  it('a TLS option with a wrong value still counts (so it is refused, not ignored); only insecure=false is no ask', () => {
    expect(hasTlsOptions({ cert: false })).toBe(true);
    expect(hasTlsOptions({ servername: false, insecure: false })).toBe(true);
  });

  it('other options and unset ones do not', () => {
    expect(hasTlsOptions({})).toBe(false);
    expect(hasTlsOptions({ ca: undefined, timeout: 5, sslmode: 'require' })).toBe(false);
  });
});

describe('tlsSettingsIf: TLS options on an address that may not use TLS', () => {
  const HOW = 'use tls:// instead of tcp://';

  it('with TLS on, reads the settings (and refuses bad ones)', () => {
    expect(tlsSettingsIf(true, { ca: '/ca.pem' }, 'tcp', HOW)).toMatchObject({ ca: '/ca.pem', insecure: false });
    expect(tlsSettingsIf(true, {}, 'tcp', HOW)).toMatchObject({ insecure: false });
    expect(thrownDialError(() => tlsSettingsIf(true, { cert: '/c.pem' }, 'tcp', HOW)).message).toContain('only "cert"');
  });

  it('with TLS off and no TLS option: undefined (insecure=false counts as none)', () => {
    expect(tlsSettingsIf(false, {}, 'tcp', HOW)).toBeUndefined();
    expect(tlsSettingsIf(false, { insecure: false, timeout: 3 }, 'tcp', HOW)).toBeUndefined();
  });

  it('with TLS off, a TLS option with a wrong value is refused too', () => {
    expect(thrownDialError(() => tlsSettingsIf(false, { ca: false }, 'tcp', HOW)).message).toBe(
      `tcp: ca applies only to a TLS connection; ${HOW}`,
    );
  });

  it('with TLS off, a TLS option is refused rather than ignored, saying how to turn TLS on', () => {
    const one = thrownDialError(() => tlsSettingsIf(false, { ca: '/ca.pem' }, 'tcp', HOW));
    expect(one).toMatchObject({ code: 'InvalidArgument', op: 'parse', scheme: 'tcp' });
    expect(one.message).toBe(`tcp: ca applies only to a TLS connection; ${HOW}`);
    const two = thrownDialError(() =>
      tlsSettingsIf(false, { servername: 'x', insecure: true, key: PEM_KEY }, 'tcp', HOW),
    );
    expect(two.message).toBe(`tcp: key, servername, insecure apply only to a TLS connection; ${HOW}`);
    expect(two.message).not.toContain('c2VjcmV0');
  });
});

describe('tlsSecrets: what redaction must hide', () => {
  it('an inline private key is a secret; a key file path, a certificate and a CA are not', () => {
    const base = { ca: PEM_CERT, cert: PEM_CERT, servername: undefined, insecure: false };
    expect(tlsSecrets({ ...base, key: PEM_KEY })).toEqual([PEM_KEY]);
    expect(tlsSecrets({ ...base, key: `  ${PEM_KEY}` })).toEqual([`  ${PEM_KEY}`]);
    expect(tlsSecrets({ ...base, key: '/secrets/client.key' })).toEqual([]);
    expect(tlsSecrets({ ...base, key: undefined })).toEqual([]);
  });
});
