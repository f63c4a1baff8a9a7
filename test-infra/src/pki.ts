import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A throw-away certificate authority and a server certificate it signed, as PEM files. */
export interface TestPki {
  readonly dir: string;
  /** The CA certificate: what `ca=` must point at to trust the servers. */
  readonly caFile: string;
  /** Server certificate for `localhost` and 127.0.0.1 (subjectAltName), signed by the CA. */
  readonly certFile: string;
  readonly keyFile: string;
  /** The server certificate followed by the CA (for servers that want a chain file). */
  readonly chainFile: string;
  /** A second CA that signed nothing here: trusting it instead must fail verification. */
  readonly otherCaFile: string;
}

/** The PEM texts of a {@link TestPki}, for servers and tests that take them inline. */
export interface TestPkiPems {
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
}

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/**
 * Makes (once per `dir`) a CA and a server certificate for `localhost`/127.0.0.1 with the
 * `openssl` CLI. EC P-256 keys keep it fast; files are world-readable so servers running as
 * another user (postgres) can read copies of them.
 */
export function makeTestPki(dir: string): TestPki {
  const pki: TestPki = {
    dir,
    caFile: path.join(dir, 'ca.pem'),
    certFile: path.join(dir, 'server.pem'),
    keyFile: path.join(dir, 'server.key'),
    chainFile: path.join(dir, 'chain.pem'),
    otherCaFile: path.join(dir, 'other-ca.pem'),
  };
  if (fs.existsSync(pki.otherCaFile)) return pki;
  fs.mkdirSync(dir, { recursive: true });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const makeCa = (name: string): void =>
    openssl(
      dir,
      'req',
      '-x509',
      ...ec,
      '-days',
      '3',
      '-subj',
      `/CN=omnidial test ${name}`,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
    );
  makeCa('ca');
  openssl(dir, 'req', ...ec, '-subj', '/CN=localhost', '-keyout', 'server.key', '-out', 'server.csr');
  fs.writeFileSync(
    path.join(dir, 'ext.cnf'),
    'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n',
  );
  openssl(
    dir,
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '3',
    '-extfile',
    'ext.cnf',
    '-out',
    'server.pem',
  );
  fs.writeFileSync(pki.chainFile, fs.readFileSync(pki.certFile, 'utf8') + fs.readFileSync(pki.caFile, 'utf8'));
  for (const file of [pki.caFile, pki.certFile, pki.keyFile, pki.chainFile]) fs.chmodSync(file, 0o644);
  makeCa('other-ca');
  return pki;
}

/** {@link makeTestPki} in a fresh temporary folder, with the PEM texts read. */
export function makeTempPki(prefix = 'omnidial-pki-'): TestPki & TestPkiPems {
  const pki = makeTestPki(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  const read = (file: string): string => fs.readFileSync(file, 'utf8');
  return { ...pki, caPem: read(pki.caFile), certPem: read(pki.certFile), keyPem: read(pki.keyFile) };
}
