import { readFile } from 'node:fs/promises';
import type { LinkContext } from '@omnidial/core/driver';
import type { TlsSpec } from '../endpoint.js';

/** The PEM texts of a {@link TlsSpec}, read from files or taken inline. */
export interface TlsMaterial {
  ca: string | undefined;
  cert: string | undefined;
  key: string | undefined;
}

/**
 * Loads `ca`, `cert` and `key`: a value starting with `-----BEGIN` is inline PEM, anything else
 * a file path (relative to the working directory). A missing file is NotFound, an unreadable
 * one PermissionDenied; the error names the option and the path, never the key's content.
 */
export async function loadTlsMaterial(spec: TlsSpec, context: Pick<LinkContext, 'error'>): Promise<TlsMaterial> {
  const [ca, cert, key] = await Promise.all([
    pem('ca', spec.ca, context), pem('cert', spec.cert, context), pem('key', spec.key, context),
  ]);
  return { ca, cert, key };
}

async function pem(option: string, value: string | undefined, context: Pick<LinkContext, 'error'>): Promise<string | undefined> {
  if (value === undefined) return undefined;
  if (value.trimStart().startsWith('-----BEGIN')) return value;
  try {
    return await readFile(value, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    const kind = code === 'ENOENT' ? 'NotFound' : code === 'EACCES' ? 'PermissionDenied' : 'InvalidArgument';
    const reason = code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
    throw context.error(kind, `cannot read the ${option}= file "${value}": ${reason}`, error);
  }
}
