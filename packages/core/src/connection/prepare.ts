import { DialError } from '../errors.js';
import { redactText } from '../address/index.js';
import type { Endpoint } from '../driver/types.js';
import type { OptionSchema, ResolvedOptions } from '../driver/options.js';

/** One payload or several, sent in order after a connect. */
export type Payloads = string | Uint8Array | readonly (string | Uint8Array)[];

/**
 * Fresh inputs for one connect attempt, returned by {@link PrepareHook}. Every field is
 * optional; what is left out comes from the address and the options object.
 */
export interface Prepared {
  /**
   * The address to dial this time (the part before `|`, same scheme), e.g. a WebSocket URL
   * with a fresh listen key. The `|` options of the original address still apply.
   */
  url?: string;
  /** Handshake headers for this connect, merged over the `headers` option (ws, wss). */
  headers?: Readonly<Record<string, string>>;
  /** User name and password for this connect, replacing those of the address (brokers, ws). */
  credentials?: { readonly username?: string; readonly password?: string };
  /** Sent after this connect instead of the `payload` option, e.g. a freshly signed login. */
  payload?: Payloads;
}

/**
 * Called before every connect: the first dial, each re-dial and `conn.reconnect()`.
 * `attempt` is 0 for the first dial and for `conn.reconnect()`, and n for the n-th re-dial
 * after a drop (it keeps counting across flaps). `signal` aborts when the attempt is abandoned
 * (connect timeout, `close()`). A throw or rejection fails the attempt like a refused connect:
 * the first `dial()` rejects with it, a re-dial is retried with backoff.
 */
export type PrepareHook = (
  attempt: number,
  signal: AbortSignal,
) => Prepared | undefined | void | Promise<Prepared | undefined | void>;

/** What one attempt connects with, after `prepare` ran. */
export interface AttemptInputs<E extends Endpoint> {
  endpoint: E;
  options: ResolvedOptions;
  /** Replaces the `payload` option for this attempt when set. */
  payload: Payloads | undefined;
}

/** What {@link attemptPreparer} needs from the dial. */
export interface PreparerInput<E extends Endpoint> {
  hook: PrepareHook;
  /** The endpoint parsed from the address, used as it is when `prepare` returns nothing. */
  endpoint: E;
  scheme: string;
  /** The base address as the user gave it. */
  base: string;
  options: ResolvedOptions;
  schema: OptionSchema;
  /** Parses a base address (no `|` options) with these options through the driver. */
  parse(base: string, options: ResolvedOptions): E;
}

/**
 * Turns the user's `prepare` hook into a per-attempt step: runs it, checks what it returned
 * and re-parses the address with it through the driver, so URL, header and credential changes
 * get the same validation (and the same secret scrubbing) as the original address.
 */
export function attemptPreparer<E extends Endpoint>(
  input: PreparerInput<E>,
): (attempt: number, signal: AbortSignal) => Promise<AttemptInputs<E>> {
  return async (attempt, signal) => {
    let prepared: unknown;
    try {
      prepared = await input.hook(attempt, signal);
    } catch (error) {
      if (error instanceof DialError) throw error;
      throw fail(
        input,
        'Unavailable',
        `prepare() failed: ${error instanceof Error ? error.message : String(error)}`,
        error,
      );
    }
    if (prepared === undefined || prepared === null)
      return { endpoint: input.endpoint, options: input.options, payload: undefined };
    const { url, headers, credentials, payload } = checked(input, prepared);
    const options =
      headers === undefined
        ? input.options
        : { ...input.options, headers: { ...baseHeaders(input.options.headers), ...headers } as never };
    let base = url ?? input.base;
    if (credentials !== undefined) base = withUserinfo(input, base, credentials);
    return { endpoint: input.parse(base, options), options, payload };
  };
}

function checked<E extends Endpoint>(input: PreparerInput<E>, value: unknown): Prepared {
  const invalid = (what: string): DialError => fail(input, 'InvalidArgument', `prepare() returned ${what}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(
      `${Array.isArray(value) ? 'an array' : typeof value}; expected an object { url, headers, credentials, payload } or undefined`,
    );
  const prepared = value as Record<string, unknown>;
  for (const key of Object.keys(prepared)) {
    if (!['url', 'headers', 'credentials', 'payload'].includes(key))
      throw invalid(`an unknown key "${key}"; known keys: url, headers, credentials, payload`);
  }
  const { url, headers, credentials, payload } = prepared;
  if (url !== undefined) {
    if (typeof url !== 'string') throw invalid(`a url that is not a string (${typeof url})`);
    if (!url.toLowerCase().startsWith(`${input.scheme}://`))
      throw invalid(`a url of another scheme; it must start with ${input.scheme}://`);
    if (url.includes('|')) throw invalid('a url with "|" options; options come from the original address');
  }
  if (headers !== undefined) {
    if (!Object.hasOwn(input.schema, 'headers'))
      throw invalid(`headers, but ${input.scheme}:// has no handshake headers; send a login payload instead`);
    if (typeof headers !== 'object' || headers === null || Object.values(headers).some((v) => typeof v !== 'string'))
      throw invalid('headers that are not an object of strings');
  }
  if (credentials !== undefined && !isCredentials(credentials))
    throw invalid('credentials that are not { username?: string, password?: string }');
  if (payload !== undefined && !isPayloads(payload))
    throw invalid('a payload that is not a string, bytes, or an array of them');
  return prepared as Prepared;
}

/** `{ username?: string, password?: string }`; its fields are read only once it is an object (`null` has none). */
function isCredentials(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { username, password } = value as Record<string, unknown>;
  return [username, password].every((v) => v === undefined || typeof v === 'string');
}

function isPayloads(value: unknown): value is Payloads {
  const one = (v: unknown): boolean => typeof v === 'string' || v instanceof Uint8Array;
  return one(value) || (Array.isArray(value) && value.every(one));
}

/** The `headers` option as a record (the address gives it as JSON text). */
function baseHeaders(headers: unknown): Record<string, string> {
  if (typeof headers === 'string') return JSON.parse(headers) as Record<string, string>;
  return typeof headers === 'object' && headers !== null ? (headers as Record<string, string>) : {};
}

/** `base` with its userinfo replaced; works for multi-host authorities that `URL` cannot parse. */
function withUserinfo<E extends Endpoint>(
  input: PreparerInput<E>,
  base: string,
  credentials: NonNullable<Prepared['credentials']>,
): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)(?:[^@/?#]*@)?/i.exec(base);
  if (match === null)
    throw fail(
      input,
      'InvalidArgument',
      `prepare() returned credentials, but ${input.scheme}:// addresses have no user name or password`,
    );
  const user = encodeURIComponent(credentials.username ?? '');
  const info = credentials.password === undefined ? `${user}@` : `${user}:${encodeURIComponent(credentials.password)}@`;
  return `${match[1]}${info}${base.slice(match[0].length)}`;
}

function fail<E extends Endpoint>(
  input: PreparerInput<E>,
  code: DialError['code'],
  message: string,
  cause?: unknown,
): DialError {
  const text = redactText(message, input.endpoint.secrets);
  return new DialError({
    code,
    op: 'dial',
    scheme: input.scheme,
    address: input.endpoint.redacted,
    cause,
    message: `${input.scheme}: ${text} (${input.endpoint.redacted})`,
  });
}
