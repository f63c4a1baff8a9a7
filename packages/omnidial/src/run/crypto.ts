import { createHash, createHmac, createPrivateKey, sign, type KeyObject } from 'node:crypto';

/** Byte encodings of FMZ's `Encode()`: `raw`/`string` (UTF-8 text), `hex`, `base64`, `safebase64`. */
const FORMATS = ['raw', 'string', 'hex', 'base64', 'safebase64'] as const;
type Format = (typeof FORMATS)[number];
const HASHES = ['md5', 'sha1', 'sha256', 'sha384', 'sha512'] as const;
const ALGOS = ['raw', ...HASHES, 'ed25519', 'ed25519.seed'] as const;

/** Where `{{accesskey}}` and `{{secretkey}}` in a key come from (FMZ fills them from the exchange). */
export const KEY_VARIABLES = {
  '{{accesskey}}': 'OMNIDIAL_ACCESS_KEY',
  '{{secretkey}}': 'OMNIDIAL_SECRET_KEY',
} as const;

/**
 * FMZ's `Encode(algo, inputFormat, outputFormat, data, keyFormat?, key?)`: a digest (an HMAC
 * when a key is given), an ed25519 signature (`ed25519`: 64-byte private key; `ed25519.seed`:
 * 32-byte seed), or with `raw` a plain change of encoding.
 */
export function encode(
  algo: string,
  inputFormat: string,
  outputFormat: string,
  data: string,
  keyFormat?: string,
  key?: string,
): string {
  const input = decode(data, format(inputFormat, 'inputFormat'), 'data');
  const out = format(outputFormat, 'outputFormat');
  const keyBytes = key === undefined ? undefined : decode(fillKey(key), format(keyFormat ?? 'raw', 'keyFormat'), 'key');
  const name = algo.toLowerCase();
  if (name === 'raw') return show(input, out);
  if (name === 'ed25519' || name === 'ed25519.seed') {
    if (keyBytes === undefined) throw new TypeError(`Encode: ${algo} needs a key`);
    return show(sign(null, input, ed25519Key(keyBytes, name === 'ed25519.seed')), out);
  }
  if (!(HASHES as readonly string[]).includes(name))
    throw new TypeError(`Encode: unknown algorithm "${algo}"; known: ${ALGOS.join(', ')}`);
  const digest =
    keyBytes === undefined
      ? createHash(name).update(input).digest()
      : createHmac(name, keyBytes).update(input).digest();
  return show(digest, out);
}

/** FMZ's `HMAC(algo, outputFormat, data, key)` (also `exchange.HMAC`): `data` and `key` are text. */
export function hmac(algo: string, outputFormat: string, data: string, key: string): string {
  return encode(algo, 'raw', outputFormat, data, 'raw', key);
}

function format(value: string | undefined, what: string): Format {
  if ((FORMATS as readonly (string | undefined)[]).includes(value)) return value as Format;
  throw new TypeError(`Encode: ${what} must be one of ${FORMATS.join(', ')}, got ${JSON.stringify(value)}`);
}

function decode(text: string, from: Format, what: string): Buffer {
  if (typeof text !== 'string') throw new TypeError(`Encode: ${what} must be a string, got ${typeof text}`);
  if (from === 'hex') return Buffer.from(text, 'hex');
  if (from === 'base64') return Buffer.from(text, 'base64');
  if (from === 'safebase64') return Buffer.from(text, 'base64url');
  return Buffer.from(text, 'utf8');
}

function show(bytes: Buffer, as: Format): string {
  if (as === 'hex') return bytes.toString('hex');
  if (as === 'base64') return bytes.toString('base64');
  if (as === 'safebase64') return bytes.toString('base64url');
  return bytes.toString('utf8');
}

/** `{{secretkey}}` and `{{accesskey}}` are replaced by the environment variable named above. */
function fillKey(key: string): string {
  const variable = KEY_VARIABLES[key as keyof typeof KEY_VARIABLES];
  if (variable === undefined) return key;
  const value = process.env[variable];
  if (value === undefined || value === '')
    throw new TypeError(`Encode: the key ${key} needs the environment variable ${variable}`);
  return value;
}

const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');

function ed25519Key(bytes: Buffer, seedOnly: boolean): KeyObject {
  const wanted = seedOnly ? 32 : 64;
  if (bytes.length !== wanted)
    throw new TypeError(`Encode: an ed25519${seedOnly ? '.seed' : ''} key has ${wanted} bytes, got ${bytes.length}`);
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, bytes.subarray(0, 32)]), format: 'der', type: 'pkcs8' });
}
