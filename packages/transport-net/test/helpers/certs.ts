import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** File paths and PEM texts of a test PKI. */
export interface TestPki {
  dir: string;
  caFile: string;
  caPem: string;
  serverCert: string;
  serverKey: string;
  /** A second CA that did not sign the server certificate. */
  otherCaFile: string;
}

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/**
 * Generates, with the `openssl` CLI, a CA and a server certificate it signed for `localhost`
 * and 127.0.0.1 (subjectAltName), plus an unrelated CA, in a fresh temporary directory.
 */
export function makePki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'omnidial-net-pki-'));
  for (const ca of ['ca', 'other-ca']) {
    openssl(
      dir,
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=omnidial test ${ca}`,
      '-keyout',
      `${ca}.key`,
      '-out',
      `${ca}.pem`,
    );
  }
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n');
  openssl(
    dir,
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=localhost',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
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
    '2',
    '-extfile',
    'san.ext',
    '-out',
    'server.pem',
  );
  const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    caPem: read('ca.pem'),
    serverCert: read('server.pem'),
    serverKey: read('server.key'),
    otherCaFile: join(dir, 'other-ca.pem'),
  };
}
