import { describe, expect, it } from 'vitest';
import { prepareDial, Registry } from '@omnidial/core';
import { natsDriver, type NatsEndpoint } from '../src/driver.js';

const registry = new Registry().register(natsDriver);
const parse = (address: string, options: Record<string, unknown> = {}): NatsEndpoint =>
  prepareDial(address, { registry, ...options }).endpoint as NatsEndpoint;

describe('nats address parsing (no I/O)', () => {
  it("reads FMZ's address: a user without password is a token, never shown", () => {
    const e = parse('nats://admin@127.0.0.1:4222?topic=test_topic');
    expect(e).toMatchObject({
      servers: ['127.0.0.1:4222'],
      token: 'admin',
      user: undefined,
      subject: 'test_topic',
      queue: undefined,
      echo: true,
      jetstream: false,
    });
    expect(e.redacted).not.toContain('admin');
  });

  it('parses several servers, user:pass and a queue group', () => {
    const e = parse('nats://bot:pw@h1:4222,h2:4223,[::1]?topic=orders.eu&queue=workers');
    expect(e.servers).toEqual(['h1:4222', 'h2:4223', '[::1]:4222']);
    expect(e).toMatchObject({ user: 'bot', pass: 'pw', queue: 'workers', subject: 'orders.eu' });
    expect(e.redacted).toBe('nats://bot:***@h1:4222,h2:4223,[::1]?topic=orders.eu&queue=workers');
  });

  it('overflow=block: refused for core NATS (no flow control), accepted with JetStream', () => {
    expect(() => parse('nats://h?topic=s|overflow=block')).toThrow(
      expect.objectContaining({
        code: 'InvalidArgument',
        message: expect.stringContaining('overflow=block needs jetstream=true'),
      }),
    );
    expect(parse('nats://h?topic=s&jetstream=true|overflow=block').jetstream).not.toBe(false);
    expect(parse('nats://h?topic=s|overflow=drop-oldest').jetstream).toBe(false);
  });

  it('JetStream: defaults, durable from queue, options after |', () => {
    const js = parse('nats://h?topic=s&jetstream=true').jetstream;
    expect(js).toMatchObject({ stream: undefined, durable: false, from: 'latest', ackWait: 30_000 });
    expect(js && js.consumer).toMatch(/^omnidial_/);
    expect(parse('nats://h?topic=s&jetstream=true&queue=g').jetstream).toMatchObject({ consumer: 'g', durable: true });
    expect(parse('nats://h?topic=s|jetstream=true&from=earliest&durable=bot').jetstream).toMatchObject({
      consumer: 'bot',
      durable: true,
      from: 'earliest',
    });
  });

  it('rejects bad addresses before any I/O', () => {
    expect(() => parse('nats://h:4222')).toThrow(/missing subject/);
    expect(() => parse('nats://h:4222?topic=a..b')).toThrow(/bad subject/);
    expect(() => parse('nats://h:4222?topic=s&durable=x')).toThrow(/only apply with jetstream=true/);
    expect(() => parse('nats://h:4222?topic=s&qeue=g')).toThrow(/did you mean "queue"/);
    expect(() => parse('nats://h:4222?topic=a|topic=b')).toThrow(/both in the URL/);
    expect(() => parse('nats://h:0?topic=s')).toThrow(/bad port/);
  });
});
