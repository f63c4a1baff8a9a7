import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import type { LinkContext } from '@omnidial/core/driver';

/** The TLS part of the `ws` client options. */
export interface TlsOptions {
  ca?: Array<Buffer | string>;
  cert?: Buffer | string;
  key?: Buffer | string;
  servername?: string;
  rejectUnauthorized: boolean;
}

/** A PEM given inline (options object) rather than as a file path. */
function isPem(value: string): boolean {
  return value.includes('-----BEGIN ');
}

async function material(context: LinkContext, name: 'ca' | 'cert' | 'key'): Promise<Buffer | string | undefined> {
  const value: unknown = context.options[name];
  if (value === undefined) return undefined;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value);
  const text = String(value);
  if (isPem(text)) return text;
  try {
    return await readFile(text);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'NotFound' : 'PermissionDenied';
    // The key's path is not shown: `key` is a secret option.
    const shown = name === 'key' ? 'the key file' : `"${text}"`;
    throw context.error(code, `cannot read ${name}: ${shown} (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, cause);
  }
}

/**
 * Reads the TLS options (`ca`, `cert`, `key` as PEM file paths, inline PEM text or Buffers;
 * `servername`; `insecure`). Verification stays on unless `insecure=true`.
 * @throws DialError `NotFound` / `PermissionDenied` when a file cannot be read.
 */
export async function tlsOptions(context: LinkContext): Promise<TlsOptions> {
  const [ca, cert, key] = await Promise.all([material(context, 'ca'), material(context, 'cert'), material(context, 'key')]);
  const out: TlsOptions = { rejectUnauthorized: context.options.insecure !== true };
  // `ca` adds to the system's trusted roots (Node would otherwise replace them).
  if (ca !== undefined) out.ca = [...rootCertificates, ca];
  if (cert !== undefined) out.cert = cert;
  if (key !== undefined) out.key = key;
  if (context.options.servername !== undefined) out.servername = String(context.options.servername);
  return out;
}
