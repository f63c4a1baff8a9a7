import { MAX_TEXT_BYTES, type OptionSchema } from '@omnidial/core/driver';

/** Default cap on the size of one received message after decompression: 64 MiB. */
export const DEFAULT_MAX_MESSAGE = 64 * 1024 * 1024;
/** Default heartbeat interval in ms (a control ping every 30 s). */
export const DEFAULT_PING_MS = 30_000;
/** Default wait for any sign of life after a ping, in ms. */
export const DEFAULT_PONG_TIMEOUT_MS = 10_000;

/**
 * The option keys of `ws://` and `wss://` (docs/design.md#address-grammar). The common keys (`reconnect`,
 * `interval`, `retry`, `qsize`, `qbytes`, `binary`, `payload`, `proxy`, TLS) are added by the core.
 */
export const wsOptions: OptionSchema = {
  compress: {
    type: 'enum',
    values: ['none', 'gzip', 'gzip_raw', 'deflate'],
    aliases: {
      raw: 'gzip_raw',
      deflate_raw: 'gzip_raw',
      'deflate-raw': 'gzip_raw',
      raw_deflate: 'gzip_raw',
      rawdeflate: 'gzip_raw',
      'gzip-raw': 'gzip_raw',
      zlib: 'deflate',
      gz: 'gzip',
      off: 'none',
    },
    description:
      'Application-level compression of frames: gzip, gzip_raw (raw DEFLATE, no header, as OKX), deflate (zlib); see mode.',
    example: 'gzip_raw',
  },
  mode: {
    type: 'enum',
    values: ['recv', 'send', 'dual'],
    aliases: { receive: 'recv', read: 'recv', in: 'recv', write: 'send', out: 'send', both: 'dual' },
    description:
      'Which direction compress applies to: recv inflates incoming binary frames, send compresses outgoing, dual both. Default recv when compress is set.',
    example: 'recv',
  },
  enableCompression: {
    type: 'boolean',
    default: false,
    description: 'Negotiate the permessage-deflate extension (RFC 7692) in the handshake.',
  },
  maxMessage: {
    type: 'integer',
    default: DEFAULT_MAX_MESSAGE,
    min: 1,
    max: MAX_TEXT_BYTES,
    description:
      'Largest accepted message in bytes, after decompression; a bigger one closes the link with ResourceExhausted. At most what a string can hold (about 512 MiB).',
    example: '1048576',
  },
  header: {
    type: 'string',
    repeatable: true,
    description: 'One handshake header as "Name: value"; repeat the key for several.',
    example: 'User-Agent: my-bot/1.0',
  },
  headers: {
    type: 'string',
    description: 'Handshake headers: a record in the options object, or a JSON object in the address.',
    example: '{"X-MBX-APIKEY":"..."}',
  },
  protocol: {
    type: 'string',
    repeatable: true,
    description: 'WebSocket subprotocol to offer (Sec-WebSocket-Protocol); repeat the key for several.',
    example: 'graphql-ws',
  },
  ping: {
    type: 'integer',
    default: DEFAULT_PING_MS,
    min: 0,
    max: 3_600_000,
    description: 'Heartbeat interval in ms; 0 turns heartbeats (and dead-peer detection) off.',
    example: '20000',
  },
  pingType: {
    type: 'enum',
    values: ['control', 'text'],
    aliases: { frame: 'control', message: 'text' },
    description:
      'control sends WebSocket ping frames; text sends pingMessage as a text frame. Default text when pingMessage is given, else control.',
    example: 'text',
  },
  pingMessage: {
    type: 'string',
    description: 'What a heartbeat sends (default "ping" for text pings, empty for control pings).',
    example: 'ping',
  },
  pongMessage: {
    type: 'string',
    description:
      'A text reply to the heartbeat (e.g. "pong") that is consumed by the driver instead of being queued for read().',
    example: 'pong',
  },
  pongTimeout: {
    type: 'integer',
    default: DEFAULT_PONG_TIMEOUT_MS,
    min: 1,
    max: 3_600_000,
    description:
      'After a ping, the link is declared lost if nothing at all (pong, ping, data) arrives within this many ms.',
    example: '5000',
  },
};
