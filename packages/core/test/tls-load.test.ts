import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { rootCertificates, type SecureContext } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTls, withSharedContext, type NodeTlsOptions, type TlsSettings } from '../src/driver/index.js';
import { DialError, type ErrorCode } from '../src/errors.js';
import { removeSelfSigned, selfSigned } from './support/self-signed.js';

const pki = selfSigned();
const other = selfSigned('other');
afterAll(removeSelfSigned);
const context = {
  error: (code: ErrorCode, message: string, cause?: unknown): DialError =>
    new DialError({ code, op: 'dial', scheme: 'tls', message, cause }),
};
const NONE: TlsSettings = { ca: undefined, cert: undefined, key: undefined, servername: undefined, insecure: false };
const load = (settings: Partial<TlsSettings>, host?: string): Promise<NodeTlsOptions> =>
  loadTls({ ...NONE, ...settings }, host, context);

/** The error code of `loadTls(settings)` run by the user nobody (uid 65534) in a child process. */
function loadAsNobody(settings: Partial<TlsSettings>): string {
  const source = new URL('../src/driver/tls.ts', import.meta.url).href;
  const script = `const { loadTls } = await import(${JSON.stringify(source)});
    const error = (code) => Object.assign(new Error(code), { code });
    await loadTls({ ...${JSON.stringify({ ...NONE, ...settings })} }, undefined, { error }).then(
      () => console.log('loaded'),
      (failure) => console.log(failure.code),
    );`;
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = spawnSync(process.execPath, ['--import', tsx, '--input-type=module', '-e', script], {
    uid: 65534,
    gid: 65534,
    encoding: 'utf8',
  });
  return child.stdout.trim() || child.stderr;
}
const asRoot = process.getuid?.() === 0;
/** Whether the user nobody may start this Node binary: not when it lives in root's home (scripts/node-matrix.sh). */
const nobodyRunsNode = asRoot && spawnSync(process.execPath, ['-e', ''], { uid: 65534, gid: 65534 }).status === 0;

async function loadError(settings: Partial<TlsSettings>): Promise<DialError> {
  const error: unknown = await load(settings).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(DialError);
  return error as DialError;
}

describe('loadTls: the options a TLS client gets', () => {
  it('verification is on by default and off only with insecure=true', async () => {
    expect(await load({})).toStrictEqual({ rejectUnauthorized: true });
    expect(await load({ insecure: true })).toStrictEqual({ rejectUnauthorized: false });
  });

  it('the server name is servername=, else a host name, never an IP address', async () => {
    expect((await load({}, 'db.example.com')).servername).toBe('db.example.com');
    expect((await load({}, 'localhost')).servername).toBe('localhost');
    for (const ip of ['127.0.0.1', '::1', '']) expect(await load({}, ip)).not.toHaveProperty('servername');
    expect(await load({})).not.toHaveProperty('servername');
    expect((await load({ servername: 'db.internal' }, '10.0.0.7')).servername).toBe('db.internal');
    expect((await load({ servername: 'db.internal' }, 'other.example')).servername).toBe('db.internal');
    expect((await load({ servername: 'db.internal' })).servername).toBe('db.internal');
  });

  it('ca= adds its authority to the system roots (never replaces them), from a file or inline', async () => {
    const fromFile = await load({ ca: pki.certFile });
    expect(fromFile.ca).toEqual([...rootCertificates, pki.cert]);
    expect((await load({ ca: pki.cert })).ca).toEqual([...rootCertificates, pki.cert]);
  });

  it('cert= and key= are read from files or taken inline', async () => {
    const files = await load({ cert: pki.certFile, key: pki.keyFile }, 'localhost');
    expect(files).toStrictEqual({ rejectUnauthorized: true, cert: pki.cert, key: pki.key, servername: 'localhost' });
    const inline = await load({ cert: pki.cert, key: pki.key });
    expect(inline).toStrictEqual({ rejectUnauthorized: true, cert: pki.cert, key: pki.key });
  });

  it('a missing ca= or cert= file is NotFound, naming the option and the path', async () => {
    const ca = await loadError({ ca: join(pki.dir, 'absent.pem') });
    expect(ca).toMatchObject({ code: 'NotFound', retryable: false });
    expect(ca.message).toBe(`cannot read the ca= file "${join(pki.dir, 'absent.pem')}": no such file`);
    expect((ca.cause as NodeJS.ErrnoException).code).toBe('ENOENT');
    const cert = await loadError({ cert: '/nonexistent/client.pem', key: pki.key });
    expect(cert.message).toBe('cannot read the cert= file "/nonexistent/client.pem": no such file');
  });

  it('a path through a file (ENOTDIR) is NotFound too', async () => {
    const error = await loadError({ ca: join(pki.certFile, 'ca.pem') });
    expect(error.code).toBe('NotFound');
    expect(error.message).toBe(`cannot read the ca= file "${join(pki.certFile, 'ca.pem')}": ENOTDIR`);
  });

  it('a key= file that cannot be read: the error never shows its path', async () => {
    const path = join(pki.dir, 'secret-place', 'client.key');
    const error = await loadError({ cert: pki.cert, key: path });
    expect(error.code).toBe('NotFound');
    expect(error.message).toBe('cannot read the key= file: no such file');
    expect(error.message).not.toContain('secret-place');
  });

  it('a folder given as a file is InvalidArgument, saying it is a directory', async () => {
    const error = await loadError({ ca: pki.dir });
    expect(error.code).toBe('InvalidArgument');
    expect(error.message).toBe(`cannot read the ca= file "${pki.dir}": is a directory`);
  });

  it.skipIf(asRoot && !nobodyRunsNode)(
    "an unreadable file is PermissionDenied [skipped as root when the user nobody may not run this Node binary, as in scripts/node-matrix.sh; the same test in `pnpm test` on the machine's Node covers it]",
    async () => {
      const locked = join(pki.dir, 'locked.pem');
      writeFileSync(locked, pki.cert, { mode: 0o000 });
      // root reads any file: as root, the same load runs in a child process as the user nobody.
      expect(asRoot ? loadAsNobody({ ca: locked }) : (await loadError({ ca: locked })).code).toBe('PermissionDenied');
    },
  );
});

describe('withSharedContext: one secure context per ca/cert/key', () => {
  const base = (ca: string, extra: Partial<NodeTlsOptions> = {}): NodeTlsOptions => ({
    ca: [...rootCertificates, ca],
    rejectUnauthorized: true,
    ...extra,
  });
  const shared = (options: NodeTlsOptions): SecureContext | undefined => withSharedContext(options).secureContext;

  it('without ca= nothing is added (Node shares its default roots itself)', () => {
    const options = { rejectUnauthorized: true, cert: pki.cert, key: pki.key, servername: 'localhost' };
    expect(withSharedContext(options)).toBe(options);
  });

  it('keeps every other option and adds the context', () => {
    const options = base(pki.cert, { servername: 'localhost', rejectUnauthorized: false });
    const out = withSharedContext(options);
    expect(out).toMatchObject({ ...options, secureContext: expect.anything() });
  });

  it('the same ca, cert and key share one context; a different one of them gets its own', () => {
    const first = shared(base(pki.cert));
    expect(first).toBeDefined();
    expect(shared(base(pki.cert))).toBe(first);
    expect(shared(base(other.cert))).not.toBe(first);
    const withClient = shared(base(pki.cert, { cert: pki.cert, key: pki.key }));
    expect(withClient).not.toBe(first);
    expect(shared(base(pki.cert, { cert: pki.cert, key: pki.key }))).toBe(withClient);
    expect(shared(base(pki.cert, { cert: other.cert, key: other.key }))).not.toBe(withClient);
  });

  it('ca lists that differ before their last entry get their own contexts (only the roots kept or not)', () => {
    const only = (...ca: string[]): NodeTlsOptions => ({ ca, rejectUnauthorized: true });
    const contexts = [shared(base(pki.cert)), shared(only(pki.cert)), shared(only(other.cert, pki.cert))];
    expect(new Set(contexts).size).toBe(3);
    expect(shared(only(other.cert, pki.cert))).toBe(contexts[2]);
    expect(shared(base(pki.cert))).toBe(contexts[0]);
  });

  it('a renewed client certificate (same ca and key) gets its own context, never the old certificate', () => {
    const renewed = selfSigned('renewed', pki);
    const before = shared(base(other.cert, { cert: pki.cert, key: pki.key }));
    expect(shared(base(other.cert, { cert: renewed.cert, key: pki.key }))).not.toBe(before);
  });

  it('a different key alone (same ca and cert) gets its own context', () => {
    const a = shared(base(pki.cert, { cert: pki.cert, key: pki.key }));
    // Same certificate text, the key with a trailing comment line: another key text, same key.
    expect(shared(base(pki.cert, { cert: pki.cert, key: `${pki.key}\n` }))).not.toBe(a);
  });

  it('a key that is not a key throws as tls.connect would', () => {
    const bad = '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n';
    expect(() => withSharedContext(base(pki.cert, { cert: pki.cert, key: bad }))).toThrow();
  });

  it('keeps at most 32 contexts, dropping the oldest first', () => {
    // PEM readers skip text before BEGIN: 33 distinct ca= texts holding the same certificate.
    const texts = Array.from({ length: 33 }, (_, i) => `variant ${i}\n${pki.cert}`);
    const made = texts.slice(0, 32).map((text) => shared(base(text)));
    expect(new Set(made).size).toBe(32);
    expect(shared(base(texts[0]!))).toBe(made[0]);
    expect(shared(base(texts[31]!))).toBe(made[31]);
    shared(base(texts[32]!));
    expect(shared(base(texts[1]!))).toBe(made[1]);
    expect(shared(base(texts[0]!))).not.toBe(made[0]);
  });
});
