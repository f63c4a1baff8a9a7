import { afterEach, describe, expect, it } from 'vitest';
import { Producer } from '@platformatic/kafka';
import { dial, Registry, type Connection } from '@omnidial/core';
import { readMessages } from '@omnidial/core/conformance';
import { uniqueName } from '@omnidial/test-infra/vitest';
import { kafkaDriver } from '../src/driver.js';

const registry = new Registry().register(kafkaDriver);
const opened: Connection[] = [];

/** readMessage() metadata against the real broker; registered from conformance.test.ts. */
export function kafkaMetadataTests(url: string): void {
  describe('kafka readMessage metadata (real Kafka)', () => {
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((c) => c.close()));
    });

    it('gives topic, partition, offset, key, headers and timestamp of each record', async () => {
      const topic = uniqueName('meta');
      const conn = await dial(`${url}/${topic}`, { registry, timeout: 30 });
      opened.push(conn);
      await conn.write('own');
      const own = (await readMessages(conn, 'kafka', 1, 30_000))[0]!;
      expect(own).toMatchObject({ data: 'own', topic, key: null, headers: {} });
      expect(own.partition).toBeGreaterThanOrEqual(0);
      expect(BigInt(own.offset)).toBeGreaterThanOrEqual(0n);

      const producer = new Producer({
        clientId: uniqueName('meta-producer'),
        bootstrapBrokers: [url.replace('kafka://', '')],
      });
      const before = Date.now();
      try {
        await producer.send({
          messages: [
            {
              topic,
              key: Buffer.from('BTC-USDT'),
              value: Buffer.from('64000'),
              headers: new Map([
                [Buffer.from('source'), Buffer.from('feed-1')],
                [Buffer.from('raw'), Buffer.from([0xff, 0x00])],
              ]),
            },
          ],
        });
      } finally {
        await producer.close();
      }
      const keyed = (await readMessages(conn, 'kafka', 1, 30_000))[0]!;
      expect(keyed).toMatchObject({ data: '64000', topic, key: 'BTC-USDT', headers: { source: 'feed-1' } });
      expect(keyed.headers.raw).toStrictEqual(Buffer.from([0xff, 0x00]));
      if (keyed.partition === own.partition) expect(BigInt(keyed.offset)).toBe(BigInt(own.offset) + 1n);
      expect(keyed.timestamp).toBeGreaterThanOrEqual(before - 5_000);
      expect(keyed.timestamp).toBeLessThanOrEqual(Date.now() + 5_000);
    });
  });
}
