import { describe, expect, it } from 'vitest';
import type { OptionValue } from '../src/driver/options.js';
import { parseOptions, splitAddress, type SplitAddress } from '../src/address/index.js';
import { caught, parse } from './address.fixtures.js';

const OKX_PAYLOAD = '{"op":"subscribe","args":[{"channel":"tickers","instId":"BTC-USDT"}]}';

type Split = Omit<SplitAddress, 'options'>;
const ws = (separator: SplitAddress['separator'] = '|', base = 'wss://h'): Split => ({
  scheme: 'wss',
  base,
  separator,
});

const parseCases: [string, string, Split, Record<string, OptionValue>][] = [
  [
    'FMZ OKX example',
    `wss://ws.okx.com:8443/ws/v5/public|compress=gzip_raw&mode=recv&reconnect=true&payload=${OKX_PAYLOAD}`,
    ws('|', 'wss://ws.okx.com:8443/ws/v5/public'),
    { compress: 'gzip_raw', mode: 'recv', reconnect: true, payload: [OKX_PAYLOAD] },
  ],
  [
    'FMZ Huobi example',
    'wss://api.huobi.pro/ws|compress=gzip&mode=recv',
    ws('|', 'wss://api.huobi.pro/ws'),
    { compress: 'gzip', mode: 'recv' },
  ],
  [
    'FMZ Binance example',
    'wss://stream.binance.com:9443/ws/btcusdt@ticker|reconnect=true&interval=200',
    ws('|', 'wss://stream.binance.com:9443/ws/btcusdt@ticker'),
    { reconnect: true, interval: 200 },
  ],
  ['base64 payload with =', 'wss://h|payload=eyJhIjoxfQ==', ws(), { payload: ['eyJhIjoxfQ=='] }],
  [
    'base64 payload with = then a key',
    'wss://h|payload=eyJhIjoxfQ==&mode=send',
    ws(),
    { payload: ['eyJhIjoxfQ=='], mode: 'send' },
  ],
  ['JSON payload with & and =', 'wss://h|payload={"q":"a&b=c"}', ws(), { payload: ['{"q":"a&b=c"}'] }],
  [
    'JSON payload with & then a key',
    'wss://h|payload={"q":"a&b=c"}&reconnect=1',
    ws(),
    { payload: ['{"q":"a&b=c"}'], reconnect: true },
  ],
  ['= inside a string value', 'wss://h|pingMessage=a=b=c', ws(), { pingMessage: 'a=b=c' }],
  ['|| with | inside a value', 'wss://h||pingMessage=a|b&mode=dual', ws('||'), { pingMessage: 'a|b', mode: 'dual' }],
  ['|| with || inside a value', 'wss://h||payload=x||y', ws('||'), { payload: ['x||y'] }],
  ['|| with empty options', 'wss://h||', ws('||'), {}],
  ['%XX is literal', 'wss://h|payload=a%26reconnect=true', ws(), { payload: ['a%26reconnect=true'] }],
  [
    'signed payload keeps %2B',
    'wss://h|pingMessage=sig=ab%2Bcd&mode=send',
    ws(),
    { pingMessage: 'sig=ab%2Bcd', mode: 'send' },
  ],
  ['%25 is literal', 'wss://h|pingMessage=100%25', ws(), { pingMessage: '100%25' }],
  ['+ is kept, never a space', 'wss://h|pingMessage=a+b%2Bc', ws(), { pingMessage: 'a+b%2Bc' }],
  ['invalid escapes stay literal', 'wss://h|pingMessage=5%&x=%zz%4', ws(), { pingMessage: '5%&x=%zz%4' }],
  [
    'JSON value: & and a known key inside a string',
    'wss://h|payload={"q":"a&mode=send&reconnect=true"}&mode=dual',
    ws(),
    { payload: ['{"q":"a&mode=send&reconnect=true"}'], mode: 'dual' },
  ],
  [
    'JSON value: escaped quote and brackets inside strings',
    'wss://h|payload=["a\\"}]&ping=1",{"b":"]"}]&ping=5',
    ws(),
    { payload: ['["a\\"}]&ping=1",{"b":"]"}]'], ping: 5 },
  ],
  [
    'JSON value holding | with the single separator',
    'wss://h|payload={"a":"x|y||z"}',
    ws(),
    { payload: ['{"a":"x|y||z"}'] },
  ],
  [
    'JSON value then ||-free rest',
    'wss://h|reconnect=true&payload=[1,2]',
    ws(),
    { reconnect: true, payload: ['[1,2]'] },
  ],
  [
    'repeated payload keeps order',
    'wss://h|payload=1&mode=send&payload=2&payload=3',
    ws(),
    { payload: ['1', '2', '3'], mode: 'send' },
  ],
  ['empty options after |', 'wss://h|', ws(), {}],
  ['trailing & belongs to a string value', 'wss://h|pingMessage=a&', ws(), { pingMessage: 'a&' }],
  ['leading & is ignored', 'wss://h|&reconnect=true', ws(), { reconnect: true }],
  ['&& before a key keeps one & in a string', 'wss://h|payload=a&&mode=send', ws(), { payload: ['a&'], mode: 'send' }],
  ['boolean spellings yes/no', 'wss://h|reconnect=yes&binary=no', ws(), { reconnect: true, binary: false }],
  ['no | at all', 'wss://h/path?x=1&y=2', { scheme: 'wss', base: 'wss://h/path?x=1&y=2', separator: undefined }, {}],
  [
    'uppercase scheme',
    'WSS://Host/ws|reconnect=TRUE',
    { scheme: 'wss', base: 'WSS://Host/ws', separator: '|' },
    { reconnect: true },
  ],
  [
    'sqlite3 memory base untouched',
    'sqlite3://:memory:',
    { scheme: 'sqlite3', base: 'sqlite3://:memory:', separator: undefined },
    {},
  ],
  [
    'mysql DSN base untouched',
    'mysql://u:p@tcp(h:3306)/db?charset=utf8mb4',
    { scheme: 'mysql', base: 'mysql://u:p@tcp(h:3306)/db?charset=utf8mb4', separator: undefined },
    {},
  ],
  [
    'postgres key=value base untouched',
    'postgres://user=postgres dbname=db sslmode=disable password=pw host=localhost port=5432',
    {
      scheme: 'postgres',
      base: 'postgres://user=postgres dbname=db sslmode=disable password=pw host=localhost port=5432',
      separator: undefined,
    },
    {},
  ],
  [
    'clickhouse ?/& belong to the base',
    'clickhouse://tcp://host:9000?username=u&password=p&database=d|insecure=true',
    { scheme: 'clickhouse', base: 'clickhouse://tcp://host:9000?username=u&password=p&database=d', separator: '|' },
    { insecure: true },
  ],
  ['boolean true', 'wss://h|reconnect=true', ws(), { reconnect: true }],
  ['boolean 1', 'wss://h|binary=1', ws(), { binary: true }],
  ['boolean yes', 'wss://h|insecure=Yes', ws(), { insecure: true }],
  ['boolean on', 'wss://h|enableCompression=ON', ws(), { enableCompression: true }],
  ['boolean false', 'wss://h|reconnect=FALSE', ws(), { reconnect: false }],
  ['boolean 0', 'wss://h|binary=0', ws(), { binary: false }],
  ['boolean no', 'wss://h|insecure=no', ws(), { insecure: false }],
  ['boolean off', 'wss://h|enableCompression=off', ws(), { enableCompression: false }],
  ['integer with + sign and zeros', 'wss://h|interval=+0200', ws(), { interval: 200 }],
  ['integer at its minimum', 'wss://h|retry=0&qsize=1', ws(), { retry: 0, qsize: 1 }],
  ['integer at its maximum', 'wss://h|interval=3600000', ws(), { interval: 3_600_000 }],
  ['enum is case-insensitive', 'wss://h|compress=GZIP&pingType=Text', ws(), { compress: 'gzip', pingType: 'text' }],
  ['enum alias raw', 'wss://h|compress=raw', ws(), { compress: 'gzip_raw' }],
  ['enum alias deflate_raw', 'wss://h|compress=deflate_raw', ws(), { compress: 'gzip_raw' }],
  ['enum alias zlib', 'wss://h|compress=ZLIB', ws(), { compress: 'deflate' }],
  ['empty string value', 'wss://h|pingMessage=', ws(), { pingMessage: '' }],
  ['&word= in a payload that is not a typo', 'wss://h|payload=a=1&mode2=x&b=2', ws(), { payload: ['a=1&mode2=x&b=2'] }],
  [
    'typo-like word with an invalid value is data',
    'wss://h|payload=x&reconect=maybe',
    ws(),
    { payload: ['x&reconect=maybe'] },
  ],
  ['unicode value', 'wss://h|pingMessage=пинг🏓', ws(), { pingMessage: 'пинг🏓' }],
  [
    'proxy with credentials',
    'wss://h|proxy=socks5://u:p@127.0.0.1:1080&reconnect=true',
    ws(),
    { proxy: 'socks5://u:p@127.0.0.1:1080', reconnect: true },
  ],
  [
    'TLS file options',
    'wss://h|ca=/etc/ca.pem&cert=c.pem&key=k.pem&servername=example.com',
    ws(),
    { ca: '/etc/ca.pem', cert: 'c.pem', key: 'k.pem', servername: 'example.com' },
  ],
];

describe('splitAddress + parseOptions: valid addresses', () => {
  it.each(parseCases)('%s', (_name, address, split, values) => {
    const parsed = parse(address);
    expect({ scheme: parsed.scheme, base: parsed.base, separator: parsed.separator }).toEqual(split);
    expect(parsed.values).toEqual(values);
  });
});

const KNOWN =
  'known: binary, ca, cert, compress, enableCompression, insecure, interval, key, mode, overflow, payload, ping, pingMessage, pingType, proxy, qbytes, qsize, reconnect, retry, servername';

const errorCases: [string, unknown, string[]][] = [
  [
    'unknown first key with suggestion',
    'wss://h|reconect=true',
    ['unknown option "reconect" for wss://; did you mean "reconnect"?', KNOWN],
  ],
  ['unknown key without suggestion', 'wss://h|zzzzzzzz=1', ['unknown option "zzzzzzzz" for wss://; known: binary']],
  [
    'wrong-case key',
    'wss://h|EnableCompression=true',
    ['unknown option "EnableCompression"', 'did you mean "enableCompression"?'],
  ],
  ['unknown key absorbed into a boolean', 'wss://h|reconnect=true&foo=1', ['unknown option "foo" for wss://']],
  [
    'unknown key absorbed into an enum',
    'wss://h|mode=recv&mdoe=send',
    ['unknown option "mdoe"', 'did you mean "mode"?'],
  ],
  [
    'unknown key absorbed into an integer',
    'wss://h|interval=200&intervall=5',
    ['unknown option "intervall"', 'did you mean "interval"?'],
  ],
  [
    'typo after a JSON payload',
    'wss://h|payload={"op":"ping"}&reconect=true',
    ['unknown option "reconect"', 'did you mean "reconnect"?'],
  ],
  [
    'transposition typo after a payload',
    'wss://h|payload=x&pnig=5000',
    ['unknown option "pnig"', 'did you mean "ping"?'],
  ],
  [
    'wrong case after a payload',
    'wss://h|payload=x&Reconnect=true',
    ['unknown option "Reconnect"', 'did you mean "reconnect"?'],
  ],
  ['duplicate key', 'wss://h|mode=recv&mode=send', ['option "mode" for wss:// is given more than once']],
  [
    'duplicate key with equal values',
    'wss://h|reconnect=true&reconnect=true',
    ['option "reconnect"', 'more than once'],
  ],
  [
    'bad boolean',
    'wss://h|reconnect=maybe',
    ['option "reconnect" for wss:// expects a boolean (true/false, 1/0, yes/no, on/off), got "maybe"'],
  ],
  ['empty boolean', 'wss://h|reconnect=', ['option "reconnect"', 'got an empty value']],
  [
    'decimal integer',
    'wss://h|interval=1.5',
    ['option "interval" for wss:// expects an integer from 1 to 3600000, got "1.5"'],
  ],
  ['hex integer', 'wss://h|qsize=0x10', ['option "qsize"', 'got "0x10"']],
  ['integer too large to be exact', 'wss://h|qbytes=99999999999999999999', ['option "qbytes"', 'expects an integer']],
  ['empty integer', 'wss://h|ping=', ['option "ping"', 'got an empty value']],
  [
    'integer below min',
    'wss://h|interval=0',
    ['option "interval" for wss:// must be an integer from 1 to 3600000, got 0'],
  ],
  ['integer above max', 'wss://h|interval=3600001', ['must be an integer from 1 to 3600000, got 3600001']],
  ['integer below a min-only bound', 'wss://h|retry=-1', ['option "retry"', 'of at least 0, got -1']],
  [
    'bad enum',
    'wss://h|compress=brotli',
    [
      'option "compress" for wss:// expects one of gzip, gzip_raw, deflate (or the aliases raw, deflate_raw, zlib), got "brotli"',
    ],
  ],
  ['bad enum with suggestion', 'wss://h|mode=recieve', ['option "mode"', 'got "recieve"', 'did you mean "recv"?']],
  ['option text without =', 'wss://h|reconnect', ['the option text "reconnect" for wss:// must be key=value pairs']],
  ['unclosed JSON value', 'wss://h|payload={"a":"}&mode=send', ['option "payload"', 'is not closed']],
  [
    'mismatched JSON brackets',
    'wss://h|payload={"a":1]',
    ['option "payload"', 'is not closed (or its brackets do not match)'],
  ],
  [
    'text after a JSON value',
    'wss://h|payload={"a":1}x&mode=send',
    ['option "payload"', 'is followed by "x&mode=send"'],
  ],
  ['unknown key after a JSON value', 'wss://h|payload={"a":1}&x=1', ['unknown option "x" for wss://']],
  ['empty key', 'wss://h|=1', ['unknown option with an empty key for wss://']],
  [
    'missing scheme',
    'ws.okx.com/ws/v5/public|reconnect=true',
    ['the address "ws.okx.com/ws/v5/public" has no scheme; expected scheme://'],
  ],
  ['scheme without //', 'wss:h', ['has no scheme']],
  ['invalid scheme', '1ws://h', ['has an invalid scheme']],
  ['empty scheme', '://h', ['has no scheme']],
  ['empty address', '', ['the address is empty']],
  ['blank address', '  \t', ['the address is empty']],
  ['number instead of an address', 42, ['the address must be a string, got number']],
  ['null instead of an address', null, ['the address must be a string, got null']],
  ['undefined instead of an address', undefined, ['the address must be a string, got undefined']],
  ['object instead of an address', { url: 'wss://h' }, ['the address must be a string, got object']],
];

describe('splitAddress + parseOptions: errors', () => {
  it.each(errorCases)('%s', (_name, address, fragments) => {
    const error = caught(() => parse(address as string));
    expect(error.code).toBe('InvalidArgument');
    expect(error.op).toBe('parse');
    for (const fragment of fragments) expect(error.message).toContain(fragment);
  });
});
