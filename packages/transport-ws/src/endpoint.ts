import {
  addressSecrets,
  DialError,
  redactAddress,
  resolveProxy,
  tlsSecrets,
  tlsSettingsIf,
  type Endpoint,
  type ParseInput,
  type ProxySpec,
  type ResolvedOptions,
  type TlsSettings,
} from '@omnidial/core/driver';
import { invalid } from './fail.js';
import { parseHeaders } from './headers.js';

/** Application-level compression codec. */
export type Codec = 'gzip' | 'gzip_raw' | 'deflate';

/** Heartbeat settings; `intervalMs` 0 = off. */
export interface HeartbeatSpec {
  readonly intervalMs: number;
  readonly type: 'control' | 'text';
  readonly message: string;
  readonly pongMessage: string | undefined;
  readonly timeoutMs: number;
}

/** A validated `ws://`/`wss://` target: everything the connector needs, built without I/O. */
export interface WsEndpoint extends Endpoint {
  /** The URL to dial (credentials kept: ws turns them into Basic auth). */
  readonly url: string;
  /** TLS settings of a `wss://` endpoint (the core's one TLS resolver); none for `ws://`. */
  readonly tls: TlsSettings | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly protocols: readonly string[];
  /** Inflate incoming binary frames with this codec. */
  readonly inflate: Codec | undefined;
  /** Compress outgoing messages with this codec (sent as binary frames). */
  readonly deflate: Codec | undefined;
  readonly maxMessage: number;
  readonly permessageDeflate: boolean;
  readonly heartbeat: HeartbeatSpec;
  /** The SOCKS5 proxy, resolved by the core (never re-parsed from text). */
  readonly proxy: ProxySpec | undefined;
}

function parseUrl(scheme: string, base: string): URL {
  let url: URL;
  try {
    url = new URL(base);
  } catch (cause) {
    throw new DialError({
      code: 'InvalidArgument',
      op: 'parse',
      scheme,
      cause,
      message: `${scheme}: "${redactAddress(base)}" is not a valid URL; expected ${scheme}://host[:port][/path][?query]`,
    });
  }
  if (url.hostname === '')
    throw invalid(scheme, `the address has no host; expected ${scheme}://host[:port][/path]`, redactAddress(base));
  if (url.hash !== '') throw invalid(scheme, 'a WebSocket URL cannot have a #fragment', redactAddress(base));
  // The connector percent-decodes the userinfo for Basic auth; refuse what cannot be decoded now.
  if (!decodable(url.username) || !decodable(url.password)) {
    const message = 'malformed percent-encoding in the user name or password (write %25 for a literal %)';
    throw invalid(scheme, message, redactAddress(base));
  }
  return url;
}

function decodable(part: string): boolean {
  try {
    decodeURIComponent(part);
    return true;
  } catch {
    return false;
  }
}

function codecs(scheme: string, options: ResolvedOptions): Pick<WsEndpoint, 'inflate' | 'deflate'> {
  const compress = options.compress === 'none' ? undefined : (options.compress as Codec | undefined);
  const mode = options.mode as 'recv' | 'send' | 'dual' | undefined;
  if (compress === undefined) {
    if (mode !== undefined) throw invalid(scheme, `mode=${mode} needs compress=gzip|gzip_raw|deflate`);
    return { inflate: undefined, deflate: undefined };
  }
  const direction = mode ?? 'recv';
  return {
    inflate: direction === 'send' ? undefined : compress,
    deflate: direction === 'recv' ? undefined : compress,
  };
}

function heartbeat(options: ResolvedOptions): HeartbeatSpec {
  const message = options.pingMessage === undefined ? undefined : String(options.pingMessage);
  const type = (options.pingType as 'control' | 'text' | undefined) ?? (message === undefined ? 'control' : 'text');
  return {
    intervalMs: Number(options.ping ?? 0),
    type,
    message: message ?? (type === 'text' ? 'ping' : ''),
    pongMessage: options.pongMessage === undefined ? undefined : String(options.pongMessage),
    timeoutMs: Number(options.pongTimeout),
  };
}

/**
 * Validates a `ws://`/`wss://` address and its options (no I/O) and builds the endpoint.
 * @throws DialError `InvalidArgument`.
 */
export function parseEndpoint({ scheme, base, options }: ParseInput): WsEndpoint {
  const url = parseUrl(scheme, base);
  const headers = parseHeaders(scheme, options.headers, options.header);
  const proxy =
    typeof options.proxy === 'string' && options.proxy !== '' ? resolveProxy(options.proxy, scheme) : undefined;
  const secrets = [...addressSecrets(base), ...headers.secrets, ...(proxy?.secrets ?? [])];
  if (url.password !== '') secrets.push(url.password, safeDecode(url.password));
  const tls = tlsSettingsIf(scheme === 'wss', options, scheme, 'use wss://');
  if (tls !== undefined) secrets.push(...tlsSecrets(tls));
  const protocols = options.protocol === undefined ? [] : [...(options.protocol as readonly string[])];
  return {
    scheme,
    redacted: redactAddress(base),
    secrets,
    url: url.href,
    tls,
    headers: headers.values,
    protocols,
    ...codecs(scheme, options),
    maxMessage: Number(options.maxMessage),
    permessageDeflate: options.enableCompression === true,
    heartbeat: heartbeat(options),
    proxy: proxy?.spec,
  };
}

/** `decodeURIComponent`, or the text itself when it holds a malformed `%` escape (never throws). */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
