import { describe, expect, it } from 'vitest';
import { addressSecrets, redactAddress, redactText, splitAddress } from '../src/address/index.js';
import { isDistinctive, percentDecode } from '../src/address/redact.js';
import { caught } from './address.fixtures.js';

const b64 = (text: string): string => Buffer.from(text).toString('base64');

describe('redactAddress', () => {
  it.each([
    ['URL userinfo', 'wss://user:pass@host/ws', 'wss://user:***@host/ws'],
    ['password with @ : / %', 'wss://u:p@ss:w/o%rd@host:443/ws', 'wss://u:***@host:443/ws'],
    ['password with ? and #', 'amqp://u:a?b#c@host:5672/vh', 'amqp://u:***@host:5672/vh'],
    ['empty user', 'redis://:pw@h:6379/0', 'redis://:***@h:6379/0'],
    ['IPv6 host', 'mqtt://u:pw@[::1]:1883', 'mqtt://u:***@[::1]:1883'],
    ['username only is kept', 'redis://user@h:6379', 'redis://user@h:6379'],
    ['empty password', 'redis://user:@h', 'redis://user:@h'],
    [
      'no credentials, @ in the path',
      'wss://stream.binance.com:9443/ws/btcusdt@ticker|reconnect=true',
      'wss://stream.binance.com:9443/ws/btcusdt@ticker|reconnect=true',
    ],
    [
      'proxy option value',
      'wss://h/ws|proxy=socks5://u:p@127.0.0.1:1080&reconnect=true',
      'wss://h/ws|proxy=socks5://u:***@127.0.0.1:1080&reconnect=true',
    ],
    [
      'proxy password with @ before a later @',
      'wss://h|proxy=socks5://u:p@x@h:1&payload={"a":"b@c"}',
      'wss://h|proxy=socks5://u:***@h:1&payload={"a":"b@c"}',
    ],
    [
      'proxy password with a raw &knownKey=',
      'wss://h/ws|proxy=socks5://u:p&header=x@127.0.0.1:1080&reconnect=true',
      'wss://h/ws|proxy=socks5://u:***@127.0.0.1:1080&reconnect=true',
    ],
    ['two URLs', 'wss://a:b1@h|proxy=socks5://c:d2@p:1', 'wss://a:***@h|proxy=socks5://c:***@p:1'],
    ['Go MySQL DSN', 'mysql://u:p@tcp(h:3306)/db?charset=utf8mb4', 'mysql://u:***@tcp(h:3306)/db?charset=utf8mb4'],
    [
      'Go MySQL DSN, password with @ and /',
      'mysql://root:p@ss/w0rd@tcp(127.0.0.1:3306)/db',
      'mysql://root:***@tcp(127.0.0.1:3306)/db',
    ],
    ['Go MySQL unix socket', 'mysql://u:secret1@unix(/tmp/mysql.sock)/db', 'mysql://u:***@unix(/tmp/mysql.sock)/db'],
    [
      'lib/pq key=value DSN',
      'postgres://user=postgres dbname=db sslmode=disable password=pw host=localhost port=5432',
      'postgres://user=postgres dbname=db sslmode=disable password=*** host=localhost port=5432',
    ],
    [
      'lib/pq quoted password',
      "postgres://user=u password='a b\\' c' host=h",
      "postgres://user=u password='***' host=h",
    ],
    [
      'ClickHouse query password',
      'clickhouse://tcp://host:9000?username=u&password=p&database=d',
      'clickhouse://tcp://host:9000?username=u&password=***&database=d',
    ],
    [
      'JSON payload credentials',
      'wss://h|payload={"op":"login","args":[{"apiKey":"AK1","passphrase":"PP1","sign":"S1="}]}',
      'wss://h|payload={"op":"login","args":[{"apiKey":"***","passphrase":"***","sign":"***"}]}',
    ],
    ['option key= value', 'tls://h:443|cert=c.pem&key=/keys/k.pem', 'tls://h:443|cert=c.pem&key=***'],
    ['|| separator', 'wss://h||token=a|b||c d', 'wss://h||token=*** d'],
    [
      'similar names are not secrets',
      'wss://h/x?monkey=1&passes=2&keyboard=3&tokens=4',
      'wss://h/x?monkey=1&passes=2&keyboard=3&tokens=4',
    ],
    ['empty value', 'wss://h/x?token=&a=1', 'wss://h/x?token=&a=1'],
    ['libpq spaces around =', 'postgres://user = u password = s3 host=h', 'postgres://user = u password = *** host=h'],
    ['libpq quoted with spaces', "postgres://password = 'a b' host=h", "postgres://password = '***' host=h"],
    ['NATS token', 'nats://T0KEN@127.0.0.1:4222?topic=t', 'nats://***@127.0.0.1:4222?topic=t'],
    ['NATS user and password', 'nats://u:pw@h?topic=t', 'nats://u:***@h?topic=t'],
    ['user name alone elsewhere is kept', 'mqtt://user@h?topic=t', 'mqtt://user@h?topic=t'],
    [
      'Authorization header option',
      'wss://h|header=Authorization: Bearer abc.def&reconnect=true',
      'wss://h|header=Authorization: ***&reconnect=true',
    ],
    ['API key header option', 'wss://h|header=X-MBX-APIKEY: k1', 'wss://h|header=X-MBX-APIKEY: ***'],
    [
      'JSON header field',
      'wss://h|headers={"X-MBX-APIKEY":"k1","Authorization":"Basic dTpw"}',
      'wss://h|headers={"X-MBX-APIKEY":"***","Authorization":"***"}',
    ],
    [
      'echoed request line',
      'GET / HTTP/1.1\r\nauthorization: Basic dTpTM2NyZXRQVw==\r\nhost: h',
      'GET / HTTP/1.1\r\nauthorization: ***\r\nhost: h',
    ],
    ['a Basic token anywhere', 'got Basic dTpTM2NyZXRQVw== back', 'got Basic *** back'],
    ['Basic auth as words is kept', 'Basic auth failed', 'Basic auth failed'],
    ['prefixed key names', 'wss://h|x_api_key=k1&aws_secret=k2', 'wss://h|x_api_key=***&aws_secret=***'],
  ])('%s', (_name, address, expected) => {
    expect(redactAddress(address)).toBe(expected);
  });

  it.each([
    'password',
    'passwd',
    'pass',
    'pwd',
    'secret',
    'token',
    'apikey',
    'api_key',
    'apiSecret',
    'passphrase',
    'key',
    'PASSWORD',
    'ApiKey',
  ])('query and option parameter %s', (name) => {
    expect(redactAddress(`wss://h/x?${name}=v1&a=1|${name}=v2`)).toBe(`wss://h/x?${name}=***&a=1|${name}=***`);
    expect(redactAddress(`wss://h/x|mode=recv&${name}=v3 tail`)).toBe(`wss://h/x|mode=recv&${name}=*** tail`);
  });
});

describe('addressSecrets', () => {
  it('lists each secret once, with its percent-decoded form', () => {
    expect(addressSecrets('wss://u:p%40ss@h|proxy=socks5://v:q1@p:1&token=t1&payload={"apiKey":"k1"}').sort()).toEqual(
      ['k1', 'p%40ss', 'p@ss', 'q1', 't1', b64('u:p@ss'), b64('u:p%40ss'), b64('v:q1')].sort(),
    );
  });
  it('takes a password with a lone surrogate without throwing (its URL form has U+FFFD)', () => {
    const secrets = addressSecrets('kafka://bot:pa\uD800ss-w0rd@h:9092/t');
    expect(secrets).toContain('pa\uD800ss-w0rd');
    expect(secrets).toContain('pa%EF%BF%BDss-w0rd');
  });

  it('keeps a userinfo password and its Basic form when the user name reads as a header name', () => {
    // "x-api-key:Zq8vLk2pW9@h" is also a header line: its value span overlaps the password's.
    const secrets = addressSecrets('wss://x-api-key:Zq8vLk2pW9@h/ws');
    expect(secrets).toContain('Zq8vLk2pW9');
    expect(secrets).toContain(b64('x-api-key:Zq8vLk2pW9'));
    expect(redactText('401: Basic eC1hcGkta2V5OlpxOHZMazJwVzk= refused for Zq8vLk2pW9', secrets)).toBe(
      '401: Basic *** refused for ***',
    );
  });

  it('finds nothing in an address without credentials', () => {
    expect(addressSecrets('wss://stream.binance.com:9443/ws/btcusdt@ticker|reconnect=true')).toEqual([]);
  });
});

describe('redactText', () => {
  it('replaces every occurrence of a distinctive secret, longest first', () => {
    expect(redactText('connect Abc12345 failed: Abc12345xyz rejected Abc12345', ['Abc12345', 'Abc12345xyz'])).toBe(
      'connect *** failed: *** rejected ***',
    );
  });
  it('ignores empty secrets and leaves other text alone', () => {
    expect(redactText('nothing to hide', ['', 'zzz'])).toBe('nothing to hide');
  });
  it('scrubs what addressSecrets found from a client error', () => {
    const address = 'mysql://root:s3cr3t@tcp(db:3306)/app';
    const message = "Access denied for user 'root' (using password: s3cr3t)";
    expect(redactText(message, addressSecrets(address))).toBe("Access denied for user 'root' (using password: ***)");
  });
});

describe('errors carry only redacted addresses', () => {
  it('a missing scheme error with a query password', () => {
    const error = caught(() => splitAddress('host:80/x?password=hunter2'));
    expect(error.message).not.toContain('hunter2');
    expect(error.address).toBe('host:80/x?password=***');
  });
});

describe('the over-redaction rule', () => {
  it.each([
    ['S3cretPW', true],
    ['postgres', false],
    ['password', false],
    ['x', false],
    ['12345678', false],
    ['abcdefghijklmnop', true],
    ['p@ss', false],
    ['pässwörd', true],
  ])('%s is distinctive: %s', (secret, expected) => {
    expect(isDistinctive(secret)).toBe(expected);
  });
  it('keeps messages readable for plain passwords, masking them only where they are credentials', () => {
    for (const secret of ['password', 'postgres', 'x', 'p', 'open']) {
      const message = 'postgres: password authentication failed for user "u"; connect ECONNREFUSED; link open';
      expect(redactText(message, [secret])).toBe(message);
    }
    expect(redactText('bad port "x"', ['x'])).toBe('bad port "***"');
    expect(redactText('login as u:x@h failed', ['x'])).toBe('login as u:***@h failed');
    expect(redactText('sent password= open', ['open'])).toBe('sent password= ***');
  });
  it('masks a distinctive secret inside words too', () => {
    expect(redactText('xS3cretPWy', ['S3cretPW'])).toBe('x***y');
  });
});

// Cases written against mutants Stryker found alive in redact.ts (docs/mutation.md).
describe('percentDecode', () => {
  it.each([
    ['one byte', 'a%7Eb%41', 'a~bA'],
    ['two bytes, lowest and highest lead', '%C2%A9 %C3%A9 %DF%BF', '\u00a9 \u00e9 \u07ff'],
    ['three bytes, lowest and highest lead', '%E0%A0%80 %E2%82%AC %EF%BF%BD', '\u0800 \u20ac \ufffd'],
    ['four bytes, lowest and highest lead', '%F0%9F%98%80 %F4%8F%BF%BF', '\u{1f600} \u{10ffff}'],
    ['a continuation byte as lead stays', '%80%41', '%80A'],
    ['an invalid lead stays', '%C1%81 %F5%80%80%80', '%C1%81 %F5%80%80%80'],
    ['a sequence cut short stays', 'x%E2%82', 'x%E2%82'],
    ['a sequence broken by a plain byte', '%C3%41', '%C3A'],
    ['nothing to decode', '5% off, %zz, a+b', '5% off, %zz, a+b'],
  ])('%s', (_name, text, expected) => {
    expect(percentDecode(text)).toBe(expected);
  });
});

describe('redaction of odd input', () => {
  it('redactAddress and addressSecrets take a non-string without throwing', () => {
    expect(redactAddress(42 as unknown as string)).toBe('');
    expect(addressSecrets(undefined as unknown as string)).toEqual([]);
  });

  it('lists a secret of up to 65536 characters and leaves out a longer one', () => {
    const max = 'a'.repeat(65536);
    expect(addressSecrets(`wss://h|token=${max}`)).toEqual([max]);
    expect(addressSecrets(`wss://h|token=${max}b`)).toEqual([]);
  });

  it('lists exactly the forms of a password with a lone surrogate (U+FFFD where clients write one)', () => {
    const written = 'pa\uD800ss-w0rd';
    const encoded = 'pa%EF%BF%BDss-w0rd';
    expect(addressSecrets(`kafka://bot:${written}@h:9092/t`).sort()).toEqual(
      [written, encoded, b64(`bot:${written}`), b64(`bot:${encoded}`)].sort(),
    );
  });

  it('masks a plain secret holding regular-expression characters only where it stands', () => {
    expect(redactText('using password: p.w', ['p.w'])).toBe('using password: ***');
    expect(redactText('using password: pxw', ['p.w'])).toBe('using password: pxw');
  });

  it('masks every place a plain secret stands as a credential, in any case of the name', () => {
    expect(redactText('using PASSWORD: abc, then "abc"', ['abc'])).toBe('using PASSWORD: ***, then "***"');
  });

  it('skips secrets that are not strings (a third-party endpoint may list any value)', () => {
    expect(redactText('using password: abc', [['abc'], 7] as unknown as string[])).toBe('using password: abc');
  });

  it('an empty secret masks nothing, not even empty quotes', () => {
    expect(redactText('got "" and \'\'', [''])).toBe('got "" and \'\'');
  });
});
