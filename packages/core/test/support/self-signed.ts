import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A self-signed certificate (its own authority) and its key, as files and as PEM text. */
export interface SelfSigned {
  readonly dir: string;
  readonly certFile: string;
  readonly keyFile: string;
  readonly cert: string;
  readonly key: string;
}

const made: string[] = [];

/** Removes the folders {@link selfSigned} made (a test file's `afterAll`). */
export function removeSelfSigned(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Makes a self-signed EC certificate for `localhost` and 127.0.0.1 with the `openssl` CLI, in a
 * fresh temporary folder. Trusting it (`ca=` its file) is what lets a client verify a server using it.
 * `renewing`: a new certificate for the key of that one (what a renewal gives).
 */
export function selfSigned(name = 'localhost', renewing?: SelfSigned): SelfSigned {
  const dir = mkdtempSync(join(tmpdir(), 'omnidial-core-tls-'));
  made.push(dir);
  const certFile = join(dir, 'cert.pem');
  const keyFile = renewing?.keyFile ?? join(dir, 'key.pem');
  const curve =
    renewing === undefined
      ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout']
      : ['-key'];
  const names = ['-subj', `/CN=${name}`, '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'];
  execFileSync('openssl', ['req', '-x509', '-days', '2', ...names, ...curve, keyFile, '-out', certFile], {
    stdio: 'pipe',
  });
  return { dir, certFile, keyFile, cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
}
