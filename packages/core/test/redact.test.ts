import { describe, expect, it } from 'vitest';
import { addressSecrets, redactAddress, redactText, splitAddress } from '../src/address/index.js';
import { caught } from './address.fixtures.js';

describe('redactAddress', () => {
  it.each([
    ['URL userinfo', 'wss://user:pass@host/ws', 'wss://user:***@host/ws'],
    ['password with @ : / %', 'wss://u:p@ss:w/o%rd@host:443/ws', 'wss://u:***@host:443/ws'],
    ['password with ? and #', 'amqp://u:a?b#c@host:5672/vh', 'amqp://u:***@host:5672/vh'],
    ['empty user', 'redis://:pw@h:6379/0', 'redis://:***@h:6379/0'],
    ['IPv6 host', 'mqtt://u:pw@[::1]:1883', 'mqtt://u:***@[::1]:1883'],
    ['username only is kept', 'redis://user@h:6379', 'redis://user@h:6379'],
    ['empty password', 'redis://user:@h', 'redis://user:@h'],
    ['no credentials, @ in the path', 'wss://stream.binance.com:9443/ws/btcusdt@ticker|reconnect=true',
      'wss://stream.binance.com:9443/ws/btcusdt@ticker|reconnect=true'],
    ['proxy option value', 'wss://h/ws|proxy=socks5://u:p@127.0.0.1:1080&reconnect=true',
      'wss://h/ws|proxy=socks5://u:***@127.0.0.1:1080&reconnect=true'],
    ['proxy password with @ before a later @', 'wss://h|proxy=socks5://u:p@x@h:1&payload={"a":"b@c"}',
      'wss://h|proxy=socks5://u:***@h:1&payload={"a":"b@c"}'],
    ['two URLs', 'wss://a:b1@h|proxy=socks5://c:d2@p:1', 'wss://a:***@h|proxy=socks5://c:***@p:1'],
    ['Go MySQL DSN', 'mysql://u:p@tcp(h:3306)/db?charset=utf8mb4', 'mysql://u:***@tcp(h:3306)/db?charset=utf8mb4'],
    ['Go MySQL DSN, password with @ and /', 'mysql://root:p@ss/w0rd@tcp(127.0.0.1:3306)/db', 'mysql://root:***@tcp(127.0.0.1:3306)/db'],
    ['Go MySQL unix socket', 'mysql://u:secret1@unix(/tmp/mysql.sock)/db', 'mysql://u:***@unix(/tmp/mysql.sock)/db'],
    ['lib/pq key=value DSN', 'postgres://user=postgres dbname=db sslmode=disable password=pw host=localhost port=5432',
      'postgres://user=postgres dbname=db sslmode=disable password=*** host=localhost port=5432'],
    ['lib/pq quoted password', "postgres://user=u password='a b\\' c' host=h", "postgres://user=u password='***' host=h"],
    ['ClickHouse query password', 'clickhouse://tcp://host:9000?username=u&password=p&database=d',
      'clickhouse://tcp://host:9000?username=u&password=***&database=d'],
    ['JSON payload credentials', 'wss://h|payload={"op":"login","args":[{"apiKey":"AK1","passphrase":"PP1","sign":"S1="}]}',
      'wss://h|payload={"op":"login","args":[{"apiKey":"***","passphrase":"***","sign":"***"}]}'],
    ['option key= value', 'tls://h:443|cert=c.pem&key=/keys/k.pem', 'tls://h:443|cert=c.pem&key=***'],
    ['|| separator', 'wss://h||token=a|b||c d', 'wss://h||token=*** d'],
    ['similar names are not secrets', 'wss://h/x?monkey=1&passes=2&keyboard=3&tokens=4', 'wss://h/x?monkey=1&passes=2&keyboard=3&tokens=4'],
    ['empty value', 'wss://h/x?token=&a=1', 'wss://h/x?token=&a=1'],
  ])('%s', (_name, address, expected) => {
    expect(redactAddress(address)).toBe(expected);
  });

  it.each(['password', 'passwd', 'pass', 'pwd', 'secret', 'token', 'apikey', 'api_key', 'apiSecret', 'passphrase', 'key', 'PASSWORD', 'ApiKey'])(
    'query and option parameter %s',
    (name) => {
      expect(redactAddress(`wss://h/x?${name}=v1&a=1|${name}=v2`)).toBe(`wss://h/x?${name}=***&a=1|${name}=***`);
      expect(redactAddress(`wss://h/x|mode=recv&${name}=v3 tail`)).toBe(`wss://h/x|mode=recv&${name}=*** tail`);
    },
  );
});

describe('addressSecrets', () => {
  it('lists each secret once, with its percent-decoded form', () => {
    expect(addressSecrets('wss://u:p%40ss@h|proxy=socks5://v:q1@p:1&token=t1&payload={"apiKey":"k1"}').sort())
      .toEqual(['k1', 'p%40ss', 'p@ss', 'q1', 't1'].sort());
  });
  it('finds nothing in an address without credentials', () => {
    expect(addressSecrets('wss://stream.binance.com:9443/ws/btcusdt@ticker|reconnect=true')).toEqual([]);
  });
});

describe('redactText', () => {
  it('replaces every occurrence, longest secret first', () => {
    expect(redactText('connect abc failed: abcdef rejected abc', ['abc', 'abcdef'])).toBe('connect *** failed: *** rejected ***');
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
