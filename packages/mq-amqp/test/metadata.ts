import { afterEach, describe, expect, it } from 'vitest';
import { connect } from 'amqplib';
import { dial, Registry, type Connection } from '@omnidial/core';
import { readMessages } from '@omnidial/core/conformance';
import { uniqueName } from '@omnidial/test-infra/vitest';
import { amqpDriver } from '../src/driver.js';

const registry = new Registry().register(amqpDriver);
const opened: Connection[] = [];

/** readMessage() metadata against the real broker; registered from conformance.test.ts. */
export function amqpMetadataTests(url: string): void {
  describe('amqp readMessage metadata (real RabbitMQ)', () => {
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((c) => c.close()));
    });

    it('gives the exchange, routing key, headers and redelivered flag of each message', async () => {
      const queue = uniqueName('meta');
      const conn = await dial(`${url}?queue=${queue}`, { registry });
      opened.push(conn);
      await conn.write('own');
      expect((await readMessages(conn, 'amqp', 1))[0]).toMatchObject({
        data: 'own',
        exchange: '',
        routingKey: queue,
        headers: {},
        redelivered: false,
      });

      const raw = await connect(url);
      try {
        const channel = await raw.createChannel();
        channel.publish('', queue, Buffer.from('with headers'), { headers: { 'trace-id': 'abc', attempt: 2 } });
        await channel.close();
      } finally {
        await raw.close();
      }
      expect((await readMessages(conn, 'amqp', 1))[0]).toMatchObject({
        data: 'with headers',
        routingKey: queue,
        headers: { 'trace-id': 'abc', attempt: 2 },
      });
    });

    it('marks a message redelivered after its first reader closed without reading it', async () => {
      const queue = uniqueName('meta-redelivered');
      const first = await dial(`${url}?queue=${queue}`, { registry });
      await first.write('again');
      for (let i = 0; first.stats().queued === 0 && i < 500; i += 1) await new Promise((r) => setTimeout(r, 20));
      await first.close(); // released unread: not acknowledged
      const second = await dial(`${url}?queue=${queue}`, { registry });
      opened.push(second);
      expect((await readMessages(second, 'amqp', 1))[0]).toMatchObject({ data: 'again', redelivered: true });
    });
  });
}
