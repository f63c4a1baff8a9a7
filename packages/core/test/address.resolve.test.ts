import { describe, expect, it } from 'vitest';
import type { OptionSchema } from '../src/driver/options.js';
import { commonOptions } from '../src/driver/common-options.js';
import { formatAddress, nearest, parseOptions, resolveOptions, splitAddress } from '../src/address/index.js';
import { caught, parse, SCHEMA } from './address.fixtures.js';

describe('credentials stay out of parse errors', () => {
  const secretSchema: OptionSchema = {
    token: { type: 'enum', values: ['a', 'b'], secret: true, description: 't' },
    pin: { type: 'integer', min: 0, max: 9, secret: true, description: 'p' },
  };
  it.each([
    ['secret enum value', 'x://h|token=hunter2', 'hunter2'],
    ['secret integer value', 'x://h|pin=12345', '12345'],
    ['option text that is a URL with a password', 'wss://h|socks5://u:hunter2@h:1', 'hunter2'],
    ['scheme-less address with a password', 'u:hunter2@h:1', 'hunter2'],
    ['unknown key holding a password', 'wss://h|socks5://u:hunter2@h=1', 'hunter2'],
    ['proxy password with a raw &knownKey=', 'wss://h|proxy=socks5://u:hunter2&reconnect=true@h:1080', 'hunter2'],
    [
      'proxy password with a raw &knownKey= (the piece after it)',
      'wss://h|proxy=socks5://u:p&qsize=12345@h:1080',
      '12345',
    ],
  ])('%s', (_name, address, secret) => {
    const error = caught(() => parse(address, address.startsWith('x:') ? secretSchema : SCHEMA));
    expect(error.code).toBe('InvalidArgument');
    expect(error.message).not.toContain(secret);
    expect(String(error.address ?? '')).not.toContain(secret);
  });

  it("a raw &knownKey= inside a URL value's password is refused as ambiguous, naming the option", () => {
    const error = caught(() => parse('wss://h|proxy=socks5://u:p&mode=x@h:1080&reconnect=true'));
    expect(error.message).toContain('the proxy option of wss:// is ambiguous');
    expect(error.message).toContain('%26');
    expect(parse('wss://h|proxy=socks5://u:p%26mode=x@h:1080&reconnect=true').values).toMatchObject({
      reconnect: true,
    });
  });
});

describe('parseOptions against other schemas', () => {
  const sqlSchema = commonOptions({
    kind: 'sql',
    reconnect: false,
    acknowledgements: false,
    proxy: false,
    tls: false,
    payload: false,
  });
  it('an empty schema names no known keys', () => {
    const error = caught(() => parseOptions('qsize=5', sqlSchema, 'mysql'));
    expect(error.message).toBe('unknown option "qsize" for mysql://; known: (none)');
  });
  it('a key inherited from Object.prototype is unknown', () => {
    expect(caught(() => parseOptions('constructor=1', SCHEMA, 'wss')).message).toContain(
      'unknown option "constructor"',
    );
  });
});

const resolveCases: [string, Record<string, unknown> | undefined, string, Record<string, unknown>][] = [
  [
    'defaults only',
    undefined,
    '',
    {
      reconnect: false,
      interval: 1000,
      retry: 0,
      qsize: 2000,
      binary: false,
      insecure: false,
      mode: 'recv',
      enableCompression: false,
      pingType: 'control',
    },
  ],
  [
    'object overrides defaults',
    { reconnect: true, interval: 50, compress: 'raw' },
    '',
    { reconnect: true, interval: 50, compress: 'gzip_raw' },
  ],
  [
    'address overrides object',
    { reconnect: false, mode: 'send' },
    'reconnect=on&mode=dual',
    { reconnect: true, mode: 'dual' },
  ],
  [
    'object-only keys are skipped',
    { signal: new AbortController().signal, timeout: 5, registry: {}, headers: { a: 'b' }, tls: {} },
    '',
    { qsize: 2000 },
  ],
  ['repeatable from a string', { payload: 'hello' }, '', { payload: ['hello'] }],
  ['repeatable from an array', { payload: ['a', 'b'] }, '', { payload: ['a', 'b'] }],
  ['address payload replaces object payload', { payload: ['a'] }, 'payload=b', { payload: ['b'] }],
  [
    'null and undefined are not given',
    { reconnect: null, interval: undefined },
    '',
    { reconnect: false, interval: 1000 },
  ],
];

describe('resolveOptions', () => {
  it.each(resolveCases)('%s', (_name, object, optionText, expected) => {
    const resolved = resolveOptions(SCHEMA, 'wss', object, parseOptions(optionText, SCHEMA, 'wss'));
    expect(resolved).toMatchObject(expected);
    expect(Object.values(resolved)).not.toContain(undefined);
  });

  it('passes a Buffer for a string option through unchanged', () => {
    const ca = Buffer.from('-----BEGIN CERTIFICATE-----');
    expect(resolveOptions(SCHEMA, 'wss', { ca }, {}).ca).toBe(ca);
  });

  it.each([
    ['unknown object key', { reconect: true }, 'unknown option "reconect" for wss://; did you mean "reconnect"?'],
    [
      'string for a boolean',
      { reconnect: 'true' },
      'option "reconnect" for wss:// expects a boolean (true/false, 1/0, yes/no, on/off), got string',
    ],
    [
      'string for an integer',
      { interval: '200' },
      'option "interval" for wss:// expects an integer from 1 to 3600000, got string',
    ],
    ['fraction for an integer', { interval: 1.5 }, 'got "1.5"'],
    ['integer out of range', { qsize: 0 }, 'must be an integer from 1 to 10000000, got 0'],
    ['number for an enum', { mode: 1 }, 'option "mode" for wss:// expects one of recv, send, dual, got number'],
    ['bad enum value', { compress: 'lz4' }, 'got "lz4"'],
    ['number for a string', { pingMessage: 5 }, 'option "pingMessage" for wss:// expects a string, got number'],
    [
      'non-string in a repeatable array',
      { payload: ['a', 1] },
      'option "payload" for wss:// expects a string, got number',
    ],
  ])('rejects %s', (_name, object, fragment) => {
    const error = caught(() => resolveOptions(SCHEMA, 'wss', object, {}));
    expect(error.code).toBe('InvalidArgument');
    expect(error.message).toContain(fragment);
  });

  it('validates an object value even when the address overrides it', () => {
    expect(caught(() => resolveOptions(SCHEMA, 'wss', { mode: 'bogus' }, { mode: 'send' })).message).toContain(
      '"bogus"',
    );
  });
});

describe('formatAddress', () => {
  it.each([
    ['no options', {}, 'wss://h'],
    [
      'booleans and integers',
      { reconnect: true, binary: false, interval: 200 },
      'wss://h|reconnect=true&binary=false&interval=200',
    ],
    ['enum alias written canonically', { compress: 'raw' }, 'wss://h|compress=gzip_raw'],
    ['JSON payload left alone', { payload: ['{"q":"a&b=c"}'] }, 'wss://h|payload={"q":"a&b=c"}'],
    ['JSON holding &key= written as is', { payload: ['{"a":"x&mode=send"}'] }, 'wss://h|payload={"a":"x&mode=send"}'],
    ['trailing & written as is', { pingMessage: 'a&' }, 'wss://h|pingMessage=a&'],
    ['% written as is', { pingMessage: '%41 5% %zz' }, 'wss://h|pingMessage=%41 5% %zz'],
    ['| chooses ||', { pingMessage: 'a|b', mode: 'send' }, 'wss://h||pingMessage=a|b&mode=send'],
    ['repeatable in order', { payload: ['1', '2'] }, 'wss://h|payload=1&payload=2'],
    ['undefined values left out', { pingMessage: undefined as unknown as string }, 'wss://h'],
  ])('%s', (_name, options, expected) => {
    const address = formatAddress('wss', 'wss://h', options, SCHEMA);
    expect(address).toBe(expected);
    expect(parse(address).values).toEqual(
      Object.fromEntries(
        Object.entries(options)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, k === 'compress' ? 'gzip_raw' : v]),
      ),
    );
  });

  it('adds the scheme to a bare base', () => {
    expect(formatAddress('tcp', 'h:1', { reconnect: true }, SCHEMA)).toBe('tcp://h:1|reconnect=true');
  });

  it.each([
    ['unknown key', { bogus: 'x' }, 'unknown option "bogus"'],
    ['a Buffer value', { ca: Buffer.from('x') as unknown as string }, 'holds non-text data'],
    ['& before a known key outside JSON', { payload: ['a&mode=send'] }, 'holds "&mode="'],
    ['& before a typo outside JSON', { payload: ['a&reconect=true'] }, 'holds "&reconect="'],
    ['an unbalanced JSON start', { pingMessage: '{"a":1' }, 'not one balanced JSON value'],
  ])('rejects %s', (_name, options, fragment) => {
    expect(caught(() => formatAddress('wss', 'wss://h', options, SCHEMA)).message).toContain(fragment);
  });

  it('rejects a base that ends with |', () => {
    expect(caught(() => formatAddress('wss', 'wss://h|', { reconnect: true }, SCHEMA)).code).toBe('InvalidArgument');
  });
});

describe('nearest', () => {
  it.each([
    ['reconect', 'reconnect'],
    ['pnig', 'ping'],
    ['RECONNECT', 'reconnect'],
    ['enableCompress', 'enableCompression'],
    ['qsiz', 'qsize'],
    ['zzzzzzzz', undefined],
    ['', undefined],
  ])('%s -> %s', (name, expected) => {
    expect(nearest(name, ['reconnect', 'ping', 'enableCompression', 'qsize', 'ca', 'key'])).toBe(expected);
  });
});

describe('splitAddress', () => {
  it('keeps the option text raw', () => {
    expect(splitAddress('wss://h|payload=%26')).toEqual({
      scheme: 'wss',
      base: 'wss://h',
      options: 'payload=%26',
      separator: '|',
    });
  });
  it('does not split at a || inside a JSON value after the first |', () => {
    expect(splitAddress('wss://h|mode=send&payload={"a":"||"}')).toMatchObject({
      base: 'wss://h',
      options: 'mode=send&payload={"a":"||"}',
      separator: '|',
    });
  });
  it('splits at the first || even when a | comes earlier', () => {
    expect(splitAddress('wss://h|a=1||b=2')).toEqual({
      scheme: 'wss',
      base: 'wss://h|a=1',
      options: 'b=2',
      separator: '||',
    });
  });
});
