import { describe, expect, it } from 'vitest';
import { dial, isDialError, prepareDial, Registry } from '@omnidial/core';
import { amqpDriver } from '../src/driver.js';
import type { AmqpEndpoint } from '../src/address.js';

const registry = new Registry().register(amqpDriver);
const parse = (address: string): AmqpEndpoint => prepareDial(address, { registry }).endpoint as AmqpEndpoint;

describe('amqp:// addresses', () => {
  it("parses FMZ's example: a queue on the default exchange", () => {
    const e = parse('amqp://q:admin@127.0.0.1:5672/?queue=test_Queue');
    expect(e).toMatchObject({
      hostname: '127.0.0.1',
      port: 5672,
      username: 'q',
      password: 'admin',
      vhost: '',
      queue: 'test_Queue',
      exchange: '',
      publishKey: 'test_Queue',
      durable: false,
      prefetch: 2000,
      tls: false,
    });
    expect(e.redacted).not.toContain('admin');
  });

  it('parses vhost, exchange, routing key, durability and prefetch', () => {
    const e = parse('amqps://u:p@mq.example.com/prod?exchange=prices&routingKey=btc.usdt&durable=true&prefetch=50');
    expect(e).toMatchObject({
      tls: true,
      port: 5671,
      vhost: 'prod',
      queue: undefined,
      exchange: 'prices',
      exchangeType: 'topic',
      publishKey: 'btc.usdt',
      bindKey: 'btc.usdt',
      durable: true,
      prefetch: 50,
    });
  });

  it('parses a cluster address: every node, default ports, credentials and vhost once', () => {
    const e = parse('amqp://u:p@a:5673,b,[::1]:5674/prod?queue=q');
    expect(e.hosts).toEqual([
      { hostname: 'a', port: 5673 },
      { hostname: 'b', port: 5672 },
      { hostname: '::1', port: 5674 },
    ]);
    expect(e).toMatchObject({ hostname: 'a', port: 5673, username: 'u', password: 'p', vhost: 'prod', queue: 'q' });
    expect(() => parse('amqp://u:p@a,b:99999/?queue=q')).toThrow(/bad host "b:99999"/);
    expect(() => parse('amqp://u:p@a,/?queue=q')).toThrow(/bad host ""/);
  });

  it('a malformed %-escape in the userinfo is InvalidArgument naming the problem, never a raw URIError or the password', async () => {
    const error = await dial('amqp://u:%zz-S3cret-pw@127.0.0.1:1/?queue=q', { registry }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isDialError(error) && error.code).toBe('InvalidArgument');
    expect((error as Error).message).toContain(
      'malformed percent-encoding in the user name or password (write %25 for a literal %)',
    );
    expect(`${(error as Error).message} ${String((error as { address?: string }).address)}`).not.toContain('S3cret');
  });

  it('binds a topic exchange with # when no routing key is given', () => {
    expect(parse('amqp://h/?exchange=ticks&queue=mine')).toMatchObject({ bindKey: '#', publishKey: 'mine' });
  });

  it('accepts its keys after | like any option, with the common boolean spellings', () => {
    expect(parse('amqp://h/|queue=q&durable=true&confirm=yes&prefetch=5')).toMatchObject({
      queue: 'q',
      durable: true,
      confirm: true,
      prefetch: 5,
    });
    expect(parse('amqp://h/?queue=q&durable=yes').durable).toBe(true);
    expect(parse('amqp://h/?queue=a+b').queue).toBe('a+b');
  });

  it('caps the default prefetch at qsize', () => {
    expect(parse('amqp://h/?queue=q|qsize=10').prefetch).toBe(10);
  });

  it.each([
    ['amqp://h/', 'give ?queue=NAME'],
    ['amqp://h/?queue=q&prefech=1', 'unknown option "prefech" for amqp://; did you mean "prefetch"?'],
    ['amqp://h/?queue=q&prefetch=20|qsize=10', 'must not exceed qsize'],
    ['amqp://h/?queue=q&durable=maybe', 'option "durable" for amqp:// expects a boolean'],
    ['amqp://h/a/b?queue=q', 'single vhost'],
  ])('rejects %s', (address, message) => {
    expect(() => parse(address)).toThrow(message);
  });
});
