import { describe, expect, it } from 'vitest';
import { certificateError, isCertificateError } from '../src/driver/index.js';
import { DialError, type ErrorCode } from '../src/errors.js';

// Client libraries report a refused server certificate in many shapes (a code, a message, a
// wrapped cause, an AggregateError of attempts); all of them must become one PermissionDenied.
const context = {
  error: (code: ErrorCode, message: string, cause?: unknown): DialError =>
    new DialError({ code, op: 'dial', scheme: 'pg', message, cause }),
};
const coded = (code: unknown, message = 'handshake failed'): Error => Object.assign(new Error(message), { code });

describe('isCertificateError', () => {
  it.each([
    'CERT_HAS_EXPIRED',
    'CERT_UNTRUSTED',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'HOSTNAME_MISMATCH',
    'INVALID_CA',
    'INVALID_PURPOSE',
  ])('code %s is a refused server certificate', (code) => {
    expect(isCertificateError(coded(code))).toBe(true);
  });

  it.each([
    'self signed certificate',
    'self-signed certificate in certificate chain',
    'Self Signed Certificate',
    'unable to get local issuer certificate',
    'unable to get issuer certificate',
    'unable to verify the first certificate',
    'certificate has expired',
    "Hostname/IP does not match certificate's altnames: Host: db. is not in the cert's altnames",
    'error:0A000086:SSL routines::certificate verify failed',
    'Error [ERR_TLS_CERT_ALTNAME_INVALID]: mismatch',
  ])('message "%s" (no code) is a refused server certificate', (message) => {
    expect(isCertificateError(new Error(message))).toBe(true);
  });

  it.each([
    ['connection refused', coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a reset', coded('ECONNRESET', 'read ECONNRESET')],
    ['TLS to a plain server', coded('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number')],
    ['a numeric code', coded(28000, 'password authentication failed')],
    ['a self signed word elsewhere', new Error('selfXsigned certificate')],
    ['null', null],
    ['undefined', undefined],
    ['a string', 'self signed certificate'],
  ])('%s is not', (_name, error) => {
    expect(isCertificateError(error)).toBe(false);
  });

  it('looks through the cause chain', () => {
    const wrapped = new Error('connection failed', { cause: new Error('x', { cause: coded('CERT_HAS_EXPIRED') }) });
    expect(isCertificateError(wrapped)).toBe(true);
    expect(isCertificateError(new Error('failed', { cause: new Error('self signed certificate') }))).toBe(true);
    expect(isCertificateError(new Error('failed', { cause: new Error('timeout') }))).toBe(false);
  });

  it('looks into the errors of an AggregateError (one per address tried)', () => {
    const all = new AggregateError([coded('ECONNREFUSED'), coded('DEPTH_ZERO_SELF_SIGNED_CERT')], 'all failed');
    expect(isCertificateError(all)).toBe(true);
    expect(isCertificateError(new AggregateError([coded('ECONNREFUSED')], 'all failed'))).toBe(false);
    expect(isCertificateError(Object.assign(new Error('x'), { errors: 'CERT_HAS_EXPIRED' }))).toBe(false);
  });

  it('a cause cycle ends', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    Object.assign(a, { cause: b });
    expect(isCertificateError(a)).toBe(false);
  });
});

describe('certificateError', () => {
  it("PermissionDenied, not retryable, with the library's reason, where, and what to do", () => {
    const cause = coded('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate');
    const error = certificateError(context, cause, 'db.example:5432');
    expect(error).toMatchObject({ code: 'PermissionDenied', retryable: false, scheme: 'pg' });
    expect(error!.cause).toBe(cause);
    expect(error!.message).toBe(
      'TLS: the certificate of db.example:5432 was refused (self-signed certificate); pass ca=<file> to trust its ' +
        'authority, servername=<name> if the certificate names another host, or insecure=true to skip verification (testing only)',
    );
  });

  it('the reason is the message in the cause chain that says what was wrong', () => {
    const wrapped = new Error('connect failed', { cause: new Error('unable to verify the first certificate') });
    expect(certificateError(context, wrapped, 'h:1')!.message).toContain('(unable to verify the first certificate)');
  });

  it('a code without such a message: the reason is the outer message', () => {
    const wrapped = new Error('connect failed', { cause: coded('CERT_HAS_EXPIRED', 'boom') });
    expect(certificateError(context, wrapped, 'h:1')!.message).toContain('refused (connect failed);');
  });

  it('a chain that ends in a null cause ends there', () => {
    const error = new Error('connect failed', { cause: coded('CERT_HAS_EXPIRED', 'boom') });
    Object.assign(error.cause as Error, { cause: null });
    expect(certificateError(context, error, 'h:1')!.message).toContain('refused (connect failed);');
  });

  it('a reason deeper than 8 causes is not looked for (the outer message is used)', () => {
    let deep: Error = new Error('certificate has expired');
    for (let i = 0; i < 8; i++) deep = new Error(`layer ${i}`, { cause: deep });
    expect(certificateError(context, deep, 'h:1')!.message).toContain('refused (layer 7);');
  });

  it('a cause cycle ends here too', () => {
    const a = coded('CERT_HAS_EXPIRED', 'a');
    Object.assign(a, { cause: new Error('b', { cause: a }) });
    expect(certificateError(context, a, 'h:1')!.message).toContain('refused (a);');
  });

  it('undefined for other errors, and for an error already classified (DialError)', () => {
    expect(certificateError(context, coded('ECONNREFUSED'), 'h:1')).toBeUndefined();
    const classified = new DialError({
      code: 'Unavailable',
      message: 'self signed certificate',
      cause: coded('CERT_X'),
    });
    expect(certificateError(context, classified, 'h:1')).toBeUndefined();
  });
});
