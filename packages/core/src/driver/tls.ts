import type { SecureContext } from 'node:tls';
import { DialError, isDialError } from '../errors.js';
import { fsErrorCode, fsReason } from './fs-error.js';
import type { ResolvedOptions } from './options.js';
import type { LinkContext } from './types.js';

// Through process.getBuiltinModule(), not ES imports: an import's facade reads every export of the
// builtin at every start, and some load more modules or do work that way (net: BlockList,
// SocketAddress; crypto: webcrypto; tls: rootCertificates, ~140 PEM strings) (ADR 0311).
const { isIP } = process.getBuiltinModule('node:net');
const { createHash } = process.getBuiltinModule('node:crypto');
const tls = process.getBuiltinModule('node:tls');

/** The TLS options of an address (`ca`, `cert`, `key`, `servername`, `insecure`), validated. */
export interface TlsSettings {
  /** PEM file path or inline PEM of extra trusted authorities. */
  readonly ca: string | undefined;
  readonly cert: string | undefined;
  readonly key: string | undefined;
  readonly servername: string | undefined;
  readonly insecure: boolean;
}

/** What `tls.connect` (and every client library built on it) takes. */
export interface NodeTlsOptions {
  /** The system's roots plus the `ca=` authority (Node would otherwise replace the roots). */
  ca?: string[];
  cert?: string;
  key?: string;
  /** SNI and the name the certificate must match; absent for an IP host without `servername=`. */
  servername?: string;
  rejectUnauthorized: boolean;
}

function invalid(scheme: string, message: string): DialError {
  return new DialError({ code: 'InvalidArgument', op: 'parse', scheme, message: `${scheme}: ${message}` });
}

/**
 * Reads and validates the TLS options of an address at parse time (no I/O): `ca`/`cert`/`key`
 * are non-empty file paths or inline PEM, and `cert` and `key` come together.
 * @throws DialError `InvalidArgument`.
 */
export function tlsSettings(options: ResolvedOptions, scheme: string): TlsSettings {
  const text = (key: 'ca' | 'cert' | 'key' | 'servername'): string | undefined => {
    const value = options[key];
    if (value === undefined) return undefined;
    // The options object of dial() may hand PEM over as bytes.
    if (value instanceof Uint8Array && key !== 'servername') {
      const pemText = Buffer.from(value).toString('utf8');
      if (!isPem(pemText)) throw invalid(scheme, `option "${key}" given as bytes must hold PEM text`);
      return pemText;
    }
    if (typeof value !== 'string' || value.trim() === '')
      throw invalid(
        scheme,
        `option "${key}" must be ${key === 'servername' ? 'a host name' : 'a file path or inline PEM'}`,
      );
    return value;
  };
  const settings: TlsSettings = {
    ca: text('ca'),
    cert: text('cert'),
    key: text('key'),
    servername: text('servername'),
    insecure: options.insecure === true,
  };
  if ((settings.cert === undefined) !== (settings.key === undefined)) {
    throw invalid(
      scheme,
      `a client certificate needs both "cert" and "key"; only "${settings.cert === undefined ? 'key' : 'cert'}" was given`,
    );
  }
  return settings;
}

const TLS_KEYS = ['ca', 'cert', 'key', 'servername', 'insecure'] as const;

/** True when the address gives any TLS option (`insecure=false` alone does not count). */
export function hasTlsOptions(options: ResolvedOptions): boolean {
  return TLS_KEYS.some((key) => options[key] !== undefined && !(key === 'insecure' && options[key] === false));
}

/**
 * {@link tlsSettings} for an address that may or may not use TLS: `undefined` without TLS, and
 * then a TLS option is refused (InvalidArgument naming `howToEnable`) rather than ignored.
 * @throws DialError `InvalidArgument`.
 */
export function tlsSettingsIf(
  enabled: boolean,
  options: ResolvedOptions,
  scheme: string,
  howToEnable: string,
): TlsSettings | undefined {
  if (enabled) return tlsSettings(options, scheme);
  const given = TLS_KEYS.filter((key) => options[key] !== undefined && !(key === 'insecure' && options[key] === false));
  if (given.length > 0)
    throw invalid(
      scheme,
      `${given.join(', ')} ${given.length === 1 ? 'applies' : 'apply'} only to a TLS connection; ${howToEnable}`,
    );
  return undefined;
}

/** The secrets a TLS setting carries: an inline private key. */
export function tlsSecrets(settings: TlsSettings): string[] {
  return settings.key !== undefined && isPem(settings.key) ? [settings.key] : [];
}

function isPem(value: string): boolean {
  return value.trimStart().startsWith('-----BEGIN');
}

async function pem(
  option: 'ca' | 'cert' | 'key',
  value: string | undefined,
  context: Pick<LinkContext, 'error'>,
): Promise<string | undefined> {
  if (value === undefined || isPem(value)) return value;
  try {
    // Imported here: node:fs/promises and what it loads cost every process ~1.5 ms at start (ADR 0311).
    const { readFile } = await import('node:fs/promises');
    return await readFile(value, 'utf8');
  } catch (error) {
    // A key's path may say too much about where secrets live; the option name is enough.
    const shown = option === 'key' ? 'the key= file' : `the ${option}= file "${value}"`;
    throw context.error(fsErrorCode(error), `cannot read ${shown}: ${fsReason(error)}`, error);
  }
}

/**
 * Loads the TLS material of `settings` for a connect attempt: files are read now (a missing one
 * is `NotFound`, an unreadable one `PermissionDenied`, never retried), `ca` is added to the
 * system's roots, verification stays on unless `insecure=true`, and the server name is
 * `servername=` or else `host` when it is a name (not an IP). Multi-host clients pass no `host`
 * and let the library name each server itself.
 * @throws DialError.
 */
export async function loadTls(
  settings: TlsSettings,
  host: string | undefined,
  context: Pick<LinkContext, 'error'>,
): Promise<NodeTlsOptions> {
  const [ca, cert, key] = await Promise.all([
    pem('ca', settings.ca, context),
    pem('cert', settings.cert, context),
    pem('key', settings.key, context),
  ]);
  const out: NodeTlsOptions = { rejectUnauthorized: !settings.insecure };
  if (ca !== undefined) out.ca = [...tls.rootCertificates, ca];
  if (cert !== undefined) out.cert = cert;
  if (key !== undefined) out.key = key;
  const servername = settings.servername ?? (host !== undefined && host !== '' && isIP(host) === 0 ? host : undefined);
  if (servername !== undefined) out.servername = servername;
  return out;
}

/** Secure contexts by a digest of the PEM texts in them (the texts are not kept: a key is a secret). */
const contexts = new Map<string, SecureContext>();
const MAX_CONTEXTS = 32;

/**
 * `options` plus a `secureContext` shared by every connection with the same `ca`, `cert` and
 * `key`: building one parses the system's ~140 roots and the `ca=` authority, tens of ms of CPU
 * per dial otherwise. Without `ca=` Node shares its default roots itself and nothing is added. For
 * clients that hand these options to `tls.connect` (tls://, wss://); others build their own.
 * @throws Error when the PEM texts are not valid (as `tls.connect` would).
 */
export function withSharedContext<T extends NodeTlsOptions>(options: T): T & { secureContext?: SecureContext } {
  const { ca, cert, key } = options;
  if (ca === undefined) return options;
  const id = createHash('sha256')
    .update(JSON.stringify([...authorities(ca), cert ?? '', key ?? '']))
    .digest('base64');
  let context = contexts.get(id);
  if (context === undefined) {
    context = tls.createSecureContext({ ca, cert, key });
    if (contexts.size >= MAX_CONTEXTS) contexts.delete(contexts.keys().next().value!);
    contexts.set(id, context);
  }
  return { ...options, secureContext: context };
}

/**
 * What tells one `ca` list from another, cheaply: the system's roots that {@link loadTls} puts first
 * (the same strings, compared by identity in the common case) stand as one `true`, every other
 * entry as itself; a list that does not start with the roots is taken whole, after a `false`.
 */
function authorities(ca: readonly string[]): unknown[] {
  const { rootCertificates } = tls;
  const roots = ca.length >= rootCertificates.length && rootCertificates.every((root, i) => ca[i] === root);
  return roots ? [true, ...ca.slice(rootCertificates.length)] : [false, ...ca];
}

/** OpenSSL verify codes and Node's host-name check: the server's identity was refused. */
const IDENTITY_CODE =
  /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH|INVALID_CA|INVALID_PURPOSE)/;
const IDENTITY_TEXT =
  /self[- ]signed certificate|unable to (get|verify) (local )?issuer|unable to verify the first certificate|certificate has expired|Hostname\/IP does not match|certificate verify failed|ERR_TLS_CERT_ALTNAME_INVALID/i;

/** True when `error` (or any error in its cause chain) is a refused server certificate. */
export function isCertificateError(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e = error; e !== undefined && e !== null && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && IDENTITY_CODE.test(code)) return true;
    if (e instanceof Error && IDENTITY_TEXT.test(e.message)) return true;
    const inner = (e as { errors?: unknown }).errors;
    if (Array.isArray(inner) && inner.some((item) => isCertificateError(item))) return true;
  }
  return false;
}

const TRUST_HINT =
  'pass ca=<file> to trust its authority, servername=<name> if the certificate names another host, or insecure=true to skip verification (testing only)';

/**
 * The one error for a refused server certificate, whatever client library met it:
 * `PermissionDenied`, not retryable (re-dialing cannot change the certificate), with a hint.
 * Returns `undefined` when `error` is not a certificate refusal.
 */
export function certificateError(
  context: Pick<LinkContext, 'error'>,
  error: unknown,
  where: string,
): DialError | undefined {
  if (isDialError(error) || !isCertificateError(error)) return undefined;
  const reason = firstMessage(error);
  return context.error(
    'PermissionDenied',
    `TLS: the certificate of ${where} was refused (${reason}); ${TRUST_HINT}`,
    error,
  );
}

function firstMessage(error: unknown): string {
  let e = error;
  for (let depth = 0; depth < 8 && e !== undefined && e !== null; depth++, e = (e as { cause?: unknown }).cause) {
    if (e instanceof Error && IDENTITY_TEXT.test(e.message)) return e.message;
  }
  return error instanceof Error ? error.message : String(error);
}
