// Shared fixtures for the address tests: a WebSocket-like schema and small helpers.
import type { OptionSchema, OptionValue } from '../src/driver/options.js';
import { commonOptions } from '../src/driver/common-options.js';
import { DialError } from '../src/errors.js';
import { parseOptions, splitAddress, type SplitAddress } from '../src/address/index.js';

/** A ws-like driver schema (the real ws driver defines its own). */
export const WS_OPTIONS: OptionSchema = {
  compress: {
    type: 'enum',
    values: ['gzip', 'gzip_raw', 'deflate'],
    aliases: { raw: 'gzip_raw', deflate_raw: 'gzip_raw', zlib: 'deflate' },
    description: 'Decompress/compress messages.',
  },
  mode: { type: 'enum', values: ['recv', 'send', 'dual'], default: 'recv', description: 'Direction of compress.' },
  enableCompression: { type: 'boolean', default: false, description: 'permessage-deflate.' },
  ping: { type: 'integer', min: 0, max: 3_600_000, description: 'Heartbeat interval in ms.' },
  pingMessage: { type: 'string', description: 'Heartbeat text.' },
  pingType: { type: 'enum', values: ['control', 'text'], default: 'control', description: 'Heartbeat kind.' },
};

export const SCHEMA: OptionSchema = {
  ...commonOptions({
    kind: 'message',
    reconnect: true,
    acknowledgements: false,
    proxy: true,
    tls: true,
    payload: true,
  }),
  ...WS_OPTIONS,
};

export const KEYS: readonly string[] = Object.keys(SCHEMA);

export interface Parsed extends SplitAddress {
  values: Record<string, OptionValue>;
}

/** splitAddress + parseOptions against {@link SCHEMA}. */
export function parse(address: string, schema: OptionSchema = SCHEMA): Parsed {
  const split = splitAddress(address);
  return { ...split, values: parseOptions(split.options ?? '', schema, split.scheme) };
}

/** The DialError `fn` throws; fails the test if it returns or throws something else. */
export function caught(fn: () => unknown): DialError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DialError) return error;
    throw new Error(`expected a DialError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a DialError, but nothing was thrown');
}
