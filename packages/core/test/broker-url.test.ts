// parseBrokerUrl (src/driver/url/broker-url.ts): the address parser the mqtt, nats, amqp, kafka and
// SQL drivers share. Before this file only the driver packages' tests reached it, so core's
// mutation run left every mutant of it without coverage (docs/mutation.md).
import { describe, expect, it } from 'vitest';
import { dial } from '../src/dial.js';
import { DialError } from '../src/errors.js';
import { Registry } from '../src/registry.js';
import { parseBrokerUrl, type BrokerUrl } from '../src/driver/url/broker-url.js';
import type { Driver, Endpoint } from '../src/driver/index.js';
import { thrownDialError } from './support/thrown.js';

const parse = (base: string, scheme = 'mqtt', defaultPort = 1883): BrokerUrl =>
  parseBrokerUrl(scheme, base, defaultPort);

/** The parse as plain data: the query as its entries in order. */
const parts = (base: string, scheme?: string, defaultPort?: number) => {
  const url = parse(base, scheme, defaultPort);
  return { ...url, query: [...url.query] };
};

const failure = (base: string, scheme = 'mqtt'): DialError => thrownDialError(() => parse(base, scheme));

describe('parseBrokerUrl: hosts and ports', () => {
  it('reads one host and its port; nothing else is set', () => {
    expect(parts('mqtt://broker.local:1884')).toEqual({
      username: undefined,
      password: undefined,
      hosts: [{ host: 'broker.local', port: 1884 }],
      path: '',
      query: [],
    });
  });

  it('uses the default port when none is given, also after an empty ":"', () => {
    expect(parse('nats://n1', 'nats', 4222).hosts).toEqual([{ host: 'n1', port: 4222 }]);
    expect(parse('nats://n1:', 'nats', 4222).hosts).toEqual([{ host: 'n1', port: 4222 }]);
  });

  it('accepts the scheme in any case', () => {
    expect(parse('MQTT://h:1').hosts).toEqual([{ host: 'h', port: 1 }]);
    expect(parse('Amqp://h', 'amqp', 5672).hosts).toEqual([{ host: 'h', port: 5672 }]);
  });

  it('reads a bracketed IPv6 host without its brackets, with or without a port', () => {
    expect(parse('mqtt://[::1]:5000').hosts).toEqual([{ host: '::1', port: 5000 }]);
    expect(parse('mqtt://[fe80::1:2]').hosts).toEqual([{ host: 'fe80::1:2', port: 1883 }]);
    expect(parse('mqtt://[::ffff:10.0.0.1]:7').hosts).toEqual([{ host: '::ffff:10.0.0.1', port: 7 }]);
  });

  it('reads a cluster of several hosts in order, each with its own or the default port, spaces trimmed', () => {
    expect(parse('kafka://k1:9093, k2 ,k3:9095', 'kafka', 9092).hosts).toEqual([
      { host: 'k1', port: 9093 },
      { host: 'k2', port: 9092 },
      { host: 'k3', port: 9095 },
    ]);
  });

  it('accepts every port from 1 to 65535', () => {
    expect(parse('mqtt://h:1').hosts[0]!.port).toBe(1);
    expect(parse('mqtt://h:65535').hosts[0]!.port).toBe(65535);
    expect(parse('mqtt://h:0080').hosts[0]!.port).toBe(80);
  });
});

describe('parseBrokerUrl: user, password, path and query', () => {
  it('reads user and password, percent-escapes decoded; the password may hold "@" and ":"', () => {
    expect(parts('amqp://us%40er:p@ss:w%2Cd@h/vhost', 'amqp', 5672)).toEqual({
      username: 'us@er',
      password: 'p@ss:w,d',
      hosts: [{ host: 'h', port: 5672 }],
      path: '/vhost',
      query: [],
    });
  });

  it('reads a user without a password, and a password without a user', () => {
    expect(parse('mqtt://alice@h')).toMatchObject({ username: 'alice', password: undefined });
    expect(parse('mqtt://:pw@h')).toMatchObject({ username: undefined, password: 'pw' });
    expect(parse('mqtt://alice:@h')).toMatchObject({ username: 'alice', password: '' });
    expect(parse('mqtt://@h')).toMatchObject({ username: undefined, password: undefined });
  });

  it('takes a "?" in the password only percent-encoded; a raw one starts the query', () => {
    expect(parse('mqtt://u:a%3Fb@h')).toMatchObject({ username: 'u', password: 'a?b' });
    expect(parts('mqtt://h?u=a@b')).toMatchObject({ username: undefined, hosts: [{ host: 'h', port: 1883 }] });
  });

  it('keeps the path as written, from its "/" up to the query', () => {
    expect(parse('amqp://h/', 'amqp').path).toBe('/');
    expect(parse('amqp://h:5/a/%2F/b?x=1', 'amqp').path).toBe('/a/%2F/b');
    expect(parse('mqtt://u:p/w@h/x').path).toBe('/x');
  });

  it('keeps a raw "@" of the path in the path, with or without credentials before it', () => {
    expect(parts('mqtt://host:1883/topic@x')).toMatchObject({
      username: undefined,
      password: undefined,
      hosts: [{ host: 'host', port: 1883 }],
      path: '/topic@x',
    });
    expect(parts('mqtt://host/a@b/c@d')).toMatchObject({
      username: undefined,
      hosts: [{ host: 'host' }],
      path: '/a@b/c@d',
    });
    expect(parts('amqp://u:p@h/vhost@1', 'amqp', 5672)).toMatchObject({
      username: 'u',
      password: 'p',
      hosts: [{ host: 'h', port: 5672 }],
      path: '/vhost@1',
    });
  });

  it('reads query parameters in order, decoded, "+" kept, empty parts skipped, a bare key as ""', () => {
    expect(parts('mqtt://h?topic=a/+/%23&&qos=1&clean&x=%20y&').query).toEqual([
      ['topic', 'a/+/#'],
      ['qos', '1'],
      ['clean', ''],
      ['x', ' y'],
    ]);
    expect(parts('mqtt://h?a=b=c').query).toEqual([['a', 'b=c']]);
    expect(parts('mqtt://h?').query).toEqual([]);
  });

  it('keeps a value given without a name under the name ""', () => {
    expect(parts('mqtt://h?=v&a=1').query).toEqual([
      ['', 'v'],
      ['a', '1'],
    ]);
  });

  it('reads the hosts of a cluster with credentials, path and query together', () => {
    expect(parts('nats://u:p@n1:1,n2/sub?q=1', 'nats', 4222)).toEqual({
      username: 'u',
      password: 'p',
      hosts: [
        { host: 'n1', port: 1 },
        { host: 'n2', port: 4222 },
      ],
      path: '/sub',
      query: [['q', '1']],
    });
  });
});

describe('parseBrokerUrl: errors', () => {
  it('is an InvalidArgument parse error of the scheme, not retryable, showing the address redacted', () => {
    const error = failure('mqtt://u:s3cret@h:0');
    expect(error).toMatchObject({
      code: 'InvalidArgument',
      op: 'parse',
      scheme: 'mqtt',
      address: 'mqtt://u:***@h:0',
      retryable: false,
      message: 'mqtt: bad port in "h:0" (mqtt://u:***@h:0)',
    });
  });

  it.each([
    ['another scheme', 'amqp://h', 'mqtt: address must start with mqtt:// (amqp://h)'],
    ['no "//"', 'mqtt:h', 'mqtt: address must start with mqtt:// (mqtt:h)'],
    ['a scheme that only starts the same', 'mqttx://h', 'mqtt: address must start with mqtt:// (mqttx://h)'],
    ['no host', 'mqtt://', 'mqtt: missing host (mqtt://)'],
    ['no host before the path', 'mqtt://u:pw@/x', 'mqtt: missing host (mqtt://u:***@/x)'],
    ['no host before the query', 'mqtt://?topic=a', 'mqtt: missing host (mqtt://?topic=a)'],
    ['two colons', 'mqtt://h:1:2', 'mqtt: bad host "h:1:2"; expected host[:port] (mqtt://h:1:2)'],
    ['an empty host in a cluster', 'mqtt://a,,b', 'mqtt: bad host ""; expected host[:port] (mqtt://a,,b)'],
    ['a port that is not digits', 'mqtt://h:abc', 'mqtt: bad host "h:abc"; expected host[:port] (mqtt://h:abc)'],
    ['a negative port', 'mqtt://h:-1', 'mqtt: bad host "h:-1"; expected host[:port] (mqtt://h:-1)'],
    ['a bracket that is not IPv6', 'mqtt://[zz]:1', 'mqtt: bad host "[zz]:1"; expected host[:port] (mqtt://[zz]:1)'],
    ['an IPv6 host without brackets', 'mqtt://::1', 'mqtt: bad host "::1"; expected host[:port] (mqtt://::1)'],
    ['port 0', 'mqtt://h:0', 'mqtt: bad port in "h:0" (mqtt://h:0)'],
    ['port 65536', 'mqtt://h:65536', 'mqtt: bad port in "h:65536" (mqtt://h:65536)'],
    ['a bad port in a cluster', 'mqtt://a:1,b:99999', 'mqtt: bad port in "b:99999" (mqtt://a:1,b:99999)'],
    ['a bad escape in the user', 'mqtt://u%zz@h', 'mqtt: bad percent-escape in "u%zz" (mqtt://u%zz@h)'],
    ['a bad escape in a query key', 'mqtt://h?%zz=1', 'mqtt: bad percent-escape in "%zz" (mqtt://h?%zz=1)'],
    ['a bad escape in a query value', 'mqtt://h?a=%E0%A4', 'mqtt: bad percent-escape in "%E0%A4" (mqtt://h?a=%E0%A4)'],
    ['a parameter given twice', 'mqtt://h?a=1&b&a=2', 'mqtt: query parameter "a" is given twice (mqtt://h?a=1&b&a=2)'],
  ])('names what is wrong: %s', (_name, base, message) => {
    expect(failure(base).message).toBe(message);
  });

  it('cuts a long bad escape to 40 characters and marks the cut', () => {
    const key = `${'k'.repeat(38)}%zz`;
    expect(failure(`mqtt://h?${key}=1`).message).toContain(`in "${key.slice(0, 40)}…"`);
    const short = `${'k'.repeat(37)}%zz`;
    expect(failure(`mqtt://h?${short}=1`).message).toContain(`in "${short}"`);
  });

  it('does not quote a password that holds a bad percent-escape, short or long', () => {
    for (const password of ['pw%zz', `${'long-pass-'.repeat(5)}%zz`]) {
      const error = failure(`mqtt://u:${password}@h`);
      expect(error.message).toBe(`mqtt: bad percent-escape in "***" (mqtt://u:***@h)`);
    }
    // The same as a query credential; other query values are still quoted.
    expect(failure('mqtt://h?password=pw%zz').message).not.toContain('pw%zz');
  });

  it('never shows the password in the message or address, whatever is wrong', () => {
    for (const base of [
      'mqtt://u:s3cret@h:99999',
      'mqtt://u:s3cret@',
      'amqp://u:s3cret@h',
      'mqtt://u:s3cret@h?a&a',
      // A port that is not digits: the @ is followed by no valid host, the password is hidden all the same.
      'mqtt://u:s3:cret@h:99x',
      // A raw "?" cuts the split short: the host text would be "u:s3", a piece of the password.
      'mqtt://u:s3?cret@h',
    ]) {
      const error = failure(base);
      for (const piece of ['s3cret', 's3:cret', 'u:s3']) {
        expect(error.message, base).not.toContain(piece);
        expect(error.address, base).not.toContain(piece);
      }
    }
  });
});

/** A driver whose `parse` is parseBrokerUrl, so that `dial()` shows what a user of a broker driver sees. */
const brokerDriver: Driver<Endpoint> = {
  name: 'brk',
  packageName: '@omnidial/core (tests)',
  schemes: ['brk'],
  description: 'a broker address, parsed only',
  capabilities: { kind: 'stream', reconnect: false, acknowledgements: false, proxy: false, tls: false, payload: true },
  options: {},
  examples: ['brk://h'],
  parse({ scheme, base, url }) {
    parseBrokerUrl(scheme, url, 1);
    return { scheme, redacted: base, secrets: [] };
  },
  load: () => Promise.reject(new Error('not reached')),
};

describe('parseBrokerUrl through dial()', () => {
  it('does not show a password that holds a bad percent-escape', async () => {
    const registry = new Registry().register(brokerDriver);
    const error = (await dial('brk://u:s3%zzcret@h', { registry }).catch((e: unknown) => e)) as DialError;
    expect(error).toMatchObject({ code: 'InvalidArgument', op: 'parse' });
    expect(error.message).toContain('bad percent-escape');
    expect(error.message).not.toContain('s3');
    expect(error.address).not.toContain('s3');
  });
});
