import fc from 'fast-check';
import { isDialError, prepareDial, type DialOptions } from '@omnidial/core';

const SCHEMES = [
  'tcp',
  'udp',
  'tls',
  'unix',
  'ws',
  'wss',
  'mqtt',
  'mqtts',
  'nats',
  'amqp',
  'amqps',
  'kafka',
  'sqlite3',
  'mysql',
  'postgres',
  'postgresql',
  'clickhouse',
  'TCP',
  'Ws',
  'http',
  'x',
  '',
];
const KEYS = [
  'reconnect',
  'interval',
  'retry',
  'qsize',
  'qbytes',
  'binary',
  'payload',
  'proxy',
  'compress',
  'mode',
  'ping',
  'pingType',
  'pongTimeout',
  'maxMessage',
  'headers',
  'header',
  'topic',
  'qos',
  'keepalive',
  'nodelay',
  'insecure',
  'ca',
  'reconect',
  'Reconnect',
  'pool',
  '',
];
const VALUES = [
  'true',
  'false',
  '0',
  '-1',
  '1',
  '99999999999999999999',
  '1e3',
  'gzip',
  'gzip_raw',
  'recv',
  'dual',
  '{"op":"sub","args":["a&b=c"]}',
  'socks5://u:p@127.0.0.1:1080',
  'a|b',
  '%',
  '%zz',
  '%26',
  '',
  '=',
  '&',
  '\u0000',
  '🚀',
  '\uD800',
];
const text = fc.string({ unit: 'grapheme-ascii', maxLength: 20 });
const hostish = fc.oneof(
  fc.constantFrom(
    '127.0.0.1',
    'localhost',
    '[::1]',
    'example.com',
    '',
    '::1',
    'u:p@h',
    'u:p@tcp(h:3306)',
    'user=u password=p host=h',
  ),
  text,
);
const portish = fc.oneof(
  fc.integer({ min: -1, max: 70_000 }).map(String),
  fc.constantFrom('', ':', 'abc', '9092,h2:9092'),
);
const pathish = fc.oneof(
  fc.constantFrom('', '/', '/db', '/topic', '/?queue=q', '?topic=t&qos=1', '/feed?x=1#f', ':memory:', '/tmp/x.sock'),
  text,
);
const option = fc.oneof(
  fc.tuple(fc.constantFrom(...KEYS), fc.oneof(fc.constantFrom(...VALUES), text)).map(([k, v]) => `${k}=${v}`),
  text,
);
const options = fc
  .array(option, { maxLength: 6 })
  .chain((parts) =>
    fc.constantFrom('|', '||', '|&', '').map((sep) => (parts.length === 0 ? sep : `${sep}${parts.join('&')}`)),
  );

const BASES = [
  'tcp://127.0.0.1:9000',
  'udp://[::1]:5353',
  'unix:///tmp/x.sock',
  'ws://127.0.0.1:8080/feed',
  'wss://h.example.com/ws',
  'mqtt://127.0.0.1:1883?topic=t&qos=1',
  'nats://127.0.0.1:4222?topic=s',
  'amqp://u:p@127.0.0.1:5672/?queue=q',
  'kafka://127.0.0.1:9092/topic',
  'sqlite3://:memory:',
  'mysql://u:p@127.0.0.1:3306/db',
  'postgres://u:p@127.0.0.1:5432/db',
  'clickhouse://u:p@127.0.0.1:8123/db',
];
const goodOption = fc.oneof(
  fc.boolean().map((b) => `reconnect=${b}`),
  fc.integer({ min: -5, max: 5000 }).map((n) => `interval=${n}`),
  fc.integer({ min: 0, max: 3000 }).map((n) => `qsize=${n}`),
  fc.constantFrom(
    'compress=gzip',
    'compress=raw',
    'mode=dual',
    'ping=0',
    'binary=true',
    'payload={"a":"b&c=d"}',
    'pingType=text',
    'keepalive=0',
  ),
);
/** Mostly valid addresses (real bases, plausible options), so the accepting path is exercised too. */
const plausible = fc
  .tuple(fc.constantFrom(...BASES), fc.array(goodOption, { maxLength: 4 }))
  .map(([b, o]) => (o.length === 0 ? b : `${b}|${o.join('&')}`));

/** Addresses shaped like omnidial's (schemes, hosts, ports, paths, `|` options) with junk mixed in. */
export const addressArbitrary: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: plausible },
  {
    weight: 8,
    arbitrary: fc
      .tuple(fc.constantFrom(...SCHEMES), fc.constantFrom('://', ':/', ':', '///'), hostish, portish, pathish, options)
      .map(([s, sep, h, p, path, o]) => `${s}${sep}${h}${p === '' ? '' : `:${p}`}${path}${o}`),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 80 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
);

/** Outcome counts of {@link checkAddresses}. */
export interface AddressFigures {
  checked: number;
  parsed: number;
  invalidArgument: number;
  unimplemented: number;
  /** Throws other than DialError(InvalidArgument|Unimplemented): must stay 0 (first 20 kept). */
  wrong: { address: string; error: string }[];
  wrongTotal: number;
  /** Slowest single prepareDial, in ms (a hang shows here, or as a test timeout). */
  slowestMs: number;
}

/** Runs `count` generated addresses through `prepareDial` (validation only, no I/O). */
export function checkAddresses(count: number, seed: number, options: DialOptions = {}): AddressFigures {
  const figures: AddressFigures = {
    checked: 0,
    parsed: 0,
    invalidArgument: 0,
    unimplemented: 0,
    wrong: [],
    wrongTotal: 0,
    slowestMs: 0,
  };
  const samples = fc.sample(addressArbitrary, { numRuns: count, seed });
  for (const address of samples) {
    const started = performance.now();
    try {
      prepareDial(address, options);
      figures.parsed += 1;
    } catch (error) {
      if (isDialError(error, 'InvalidArgument')) figures.invalidArgument += 1;
      else if (isDialError(error, 'Unimplemented')) figures.unimplemented += 1;
      else {
        figures.wrongTotal += 1;
        if (figures.wrong.length < 20) figures.wrong.push({ address, error: String(error) });
      }
    }
    figures.slowestMs = Math.max(figures.slowestMs, performance.now() - started);
    figures.checked += 1;
  }
  figures.slowestMs = Math.round(figures.slowestMs * 10) / 10;
  return figures;
}
