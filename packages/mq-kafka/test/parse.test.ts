import { describe, expect, it } from 'vitest';
import { prepareDial, Registry } from '@omnidial/core';
import { kafkaDriver } from '../src/driver.js';
import type { KafkaEndpoint } from '../src/address.js';

const registry = new Registry().register(kafkaDriver);
const parse = (address: string): KafkaEndpoint => prepareDial(address, { registry }).endpoint as KafkaEndpoint;

describe('kafka:// addresses', () => {
  it("parses FMZ's example with the defaults", () => {
    const e = parse('kafka://localhost:9092/test_topic');
    expect(e).toMatchObject({
      brokers: ['localhost:9092'],
      topic: 'test_topic',
      from: 'latest',
      sharedGroup: false,
      acks: -1,
      tls: false,
    });
    expect(e.group).toMatch(/^omnidial-[0-9a-f-]{36}$/);
    expect(parse('kafka://localhost:9092/test_topic').group).not.toBe(e.group);
  });

  it('passes every broker of a multi-broker address, default port 9092', () => {
    const e = parse('kafka://h1:9092,h2:9093,h3,[::1]:9094/orders?group=exec&from=earliest');
    expect(e.brokers).toEqual(['h1:9092', 'h2:9093', 'h3:9092', '[::1]:9094']);
    expect(e).toMatchObject({ topic: 'orders', group: 'exec', sharedGroup: true, from: 'earliest' });
  });

  it('takes SASL credentials from the userinfo and hides the password', () => {
    const e = parse('kafka://bob:s3cret@h1:9092/t?sasl=scram-sha-512&tls=true');
    expect(e.sasl).toEqual({ mechanism: 'SCRAM-SHA-512', username: 'bob', password: 's3cret' });
    expect(e.tls).toBe(true);
    expect(e.redacted).not.toContain('s3cret');
  });

  it('accepts its keys after | like any option, with the common boolean spellings', () => {
    expect(parse('kafka://h1:9092/t|group=g&from=earliest&tls=yes')).toMatchObject({
      group: 'g',
      sharedGroup: true,
      from: 'earliest',
      tls: true,
    });
    expect(parse('kafka://h1:9092/t?group=a+b').group).toBe('a+b');
    expect(() => parse('kafka://h1:9092/t?group=a|group=b')).toThrow('given both in the URL query and after "|"');
    expect(() => parse('kafka://h1:9092/t?topic=u')).toThrow('the topic is given twice');
  });

  it('keeps omnidial options after | apart from the URL query', () => {
    const e = parse('kafka://h1:9092/t?group=g|reconnect=true&qsize=10');
    expect(e.group).toBe('g');
  });

  it.each([
    ['kafka://h1:9092', 'missing topic'],
    ['kafka://h1:9092/t?grop=g', 'unknown option "grop" for kafka://; did you mean "group"?'],
    ['kafka://h1:9092/t?from=middle', 'option "from" for kafka:// expects one of latest, earliest'],
    ['kafka://h1:99999/t', 'invalid port'],
    ['kafka://h1:9092/bad topic', 'invalid topic name'],
  ])('rejects %s', (address, message) => {
    expect(() => parse(address)).toThrow(message);
  });
});
