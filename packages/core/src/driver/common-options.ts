import type { OptionSchema } from './options.js';
import type { Capabilities } from './types.js';

/** Default receive queue length (docs/design.md#receiving). */
export const DEFAULT_QUEUE_SIZE = 2000;
/**
 * Default receive queue byte cap (64 MiB, ADR 0120): with default settings no peer can make a
 * connection hold more than this plus one message.
 */
export const DEFAULT_QUEUE_BYTES = 64 * 1024 * 1024;
/** Default pause before a reconnect attempt, in milliseconds. */
export const DEFAULT_RECONNECT_INTERVAL_MS = 1000;
/** Default connect timeout, in seconds, when none is given. */
export const DEFAULT_CONNECT_TIMEOUT_S = 10;

const RECONNECT: OptionSchema = {
  reconnect: { type: 'boolean', default: false, description: 'Re-dial automatically when the link drops.' },
  interval: {
    type: 'integer',
    default: DEFAULT_RECONNECT_INTERVAL_MS,
    min: 1,
    max: 3_600_000,
    description:
      'Milliseconds before the first reconnect attempt; later ones, and drops within max(5 s, 3 intervals) of a connect, back off 1.5x with jitter up to max(10 intervals, 30 s).',
  },
  retry: {
    type: 'integer',
    default: 0,
    min: 0,
    description:
      'Reconnect attempts before giving up, counting links that drop before they are healthy; 0 = unlimited.',
  },
};

const QUEUE: OptionSchema = {
  qsize: {
    type: 'integer',
    default: DEFAULT_QUEUE_SIZE,
    min: 1,
    max: 10_000_000,
    description: 'Receive queue length; when full, see overflow (acknowledged broker messages are never dropped).',
  },
  qbytes: {
    type: 'integer',
    default: DEFAULT_QUEUE_BYTES,
    min: 1,
    description:
      'Receive queue byte cap; when reached, see overflow. With drop-oldest the queue holds at most this plus one message.',
  },
  binary: { type: 'boolean', default: false, description: 'read() always returns a Buffer, never text.' },
};

const PAYLOAD: OptionSchema = {
  payload: {
    type: 'string',
    repeatable: true,
    description: 'Sent after every successful connect and reconnect; repeat the key to send several, in order.',
    example: '{"op":"subscribe","args":["tickers"]}',
  },
};

const PROXY: OptionSchema = {
  proxy: {
    type: 'string',
    secret: true,
    description:
      'SOCKS5 proxy for the connection: socks5://[user:pass@]host:port (or socks5h://); the value is literal, percent-encode / ? # in the password.',
    example: 'socks5://user:pass@127.0.0.1:1080',
  },
};

const TLS: OptionSchema = {
  ca: { type: 'string', description: 'PEM file (path) of extra trusted certificate authorities.' },
  cert: { type: 'string', description: 'PEM file (path) of the client certificate.' },
  key: { type: 'string', secret: true, description: 'PEM file (path) of the client private key.' },
  servername: { type: 'string', description: 'TLS server name (SNI) and the name the certificate must match.' },
  insecure: {
    type: 'boolean',
    default: false,
    description: 'Skip TLS certificate verification. Off by default; for testing only.',
  },
};

const OVERFLOW_BLOCK =
  'Stop taking data in (socket paused, broker flow control) until the reader has taken the queue down to half';

function overflowOption(flowControl: boolean): OptionSchema {
  return {
    overflow: {
      type: 'enum',
      values: flowControl ? ['drop-oldest', 'block'] : ['drop-oldest'],
      default: 'drop-oldest',
      description: flowControl
        ? `When the receive queue is full: drop-oldest drops the oldest message (FMZ); block: ${OVERFLOW_BLOCK}.`
        : 'When the receive queue is full: drop-oldest drops the oldest message (this transport cannot stop its peer, so block is not offered).',
    },
  };
}

/**
 * The common option keys that apply to a driver with these capabilities (docs/design.md#address-grammar):
 * reconnect/queue keys for everything that receives, `payload`, `proxy` and TLS keys where
 * declared.
 */
export function commonOptions(capabilities: Capabilities): OptionSchema {
  const receives = capabilities.kind !== 'sql';
  return {
    ...(capabilities.reconnect ? RECONNECT : {}),
    ...(receives ? QUEUE : {}),
    ...(receives ? overflowOption(capabilities.flowControl === true) : {}),
    ...(capabilities.payload ? PAYLOAD : {}),
    ...(capabilities.proxy ? PROXY : {}),
    ...(capabilities.tls ? TLS : {}),
  };
}
