import { describe, expect, it } from 'vitest';
import { Registry, prepareDial } from '@omnidial/core';
import { bindParams, clickhouseDriver, toLiteral, type ClickhouseEndpoint } from '../src/index.js';

const registry = new Registry().register(clickhouseDriver);
const parse = (address: string): ClickhouseEndpoint =>
  prepareDial(address, { registry }).endpoint as ClickhouseEndpoint;

describe('clickhouse:// addresses', () => {
  it('reads the URL form (HTTP port)', () => {
    const e = parse('clickhouse://user:p%40ss@ch.local:8124/ticks');
    expect(e.target).toMatchObject({
      url: 'http://ch.local:8124',
      username: 'user',
      password: 'p@ss',
      database: 'ticks',
    });
    expect(e.redacted).toBe('clickhouse://user:***@ch.local:8124/ticks');
    expect(parse('clickhouse://h').target).toMatchObject({
      url: 'http://h:8123',
      username: 'default',
      database: 'default',
    });
  });

  it("maps FMZ's tcp:// form onto the HTTP interface", () => {
    const e = parse('clickhouse://tcp://ch.local:9000?username=u&password=secret&database=db');
    expect(e.target).toMatchObject({ url: 'http://ch.local:8123', username: 'u', password: 'secret', database: 'db' });
    expect(e.redacted).not.toContain('secret');
    expect(e.secrets).toContain('secret');
    expect(parse('clickhouse://tcp://h:9440?username=u').target.url).toBe('https://h:8443');
    expect(parse('clickhouse://tcp://h:9000?http_port=18123').target.url).toBe('http://h:18123');
    expect(parse('clickhouse://tcp://h:7000').target.url).toBe('http://h:7000');
    expect(parse('clickhouse://tcp://h').target.url).toBe('http://h:8123');
  });

  it('rejects unknown keys before any I/O', () => {
    expect(() => parse('clickhouse://tcp://h:9000?usrname=u')).toThrow(
      /unknown option "usrname" for clickhouse:\/\/; did you mean "username"\? known: .*dial_timeout.*http_port/,
    );
    expect(parse('clickhouse://tcp://h:9000|username=u&database=d&secure=yes').target).toMatchObject({
      username: 'u',
      database: 'd',
      url: 'https://h:8123',
    });
    expect(() => parse('clickhouse://h?secure=maybe')).toThrow(/secure.*expects a boolean/);
  });
});

describe('client-side binding', () => {
  it('quotes every type as a literal', () => {
    expect(toLiteral("a'b\\c\n\0")).toBe("'a\\'b\\\\c\\n\\0'");
    expect(toLiteral(-5)).toBe(' -5');
    expect(toLiteral(2n ** 64n)).toBe('18446744073709551616');
    expect(toLiteral(null)).toBe('NULL');
    expect(toLiteral(true)).toBe('1');
    expect(toLiteral(Buffer.from([0, 255]))).toBe("'\\x00\\xff'");
    expect(toLiteral([1, 'x', -2])).toBe("[1, 'x', -2]");
    expect(toLiteral(new Date('2024-01-02T03:04:05Z'))).toBe("toDateTime('2024-01-02 03:04:05', 'UTC')");
    expect(() => toLiteral({ a: 1 })).toThrow();
  });

  it('binds ? outside literals, identifiers and comments, and checks the count', () => {
    expect(bindParams('SELECT ?, \'?\', `?`, "?" -- ?\n, /* ? */ 1-?', ['a', -5])).toBe(
      "SELECT 'a', '?', `?`, \"?\" -- ?\n, /* ? */ 1- -5",
    );
    expect(() => bindParams('SELECT ?, ?', [1])).toThrow(RangeError);
    expect(() => bindParams('SELECT ?', [1, 2])).toThrow(RangeError);
  });
});
