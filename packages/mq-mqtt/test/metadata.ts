import { describe, expect, it } from 'vitest';
import { dial, Registry } from '@omnidial/core';
import { readMessages } from '@omnidial/core/conformance';
import { uniqueTopic } from '@omnidial/test-infra/vitest';
import { mqttDriver } from '../src/driver.js';

const registry = new Registry().register(mqttDriver);

/** readMessage() metadata against the real broker; registered from conformance.test.ts. */
export function mqttMetadataTests(url: string): void {
  describe('mqtt readMessage metadata (real mosquitto)', () => {
    it('names the concrete topic of each message under + and # subscriptions, with its QoS', async () => {
      const base = uniqueTopic();
      const plus = await dial(`${url}?topic=${base}/+/price&qos=1`, { registry });
      const hash = await dial(`${url}?topic=${base}/#&qos=1`, { registry });
      const btc = await dial(`${url}?topic=${base}/btc/price&qos=1`, { registry });
      const eth = await dial(`${url}?topic=${base}/eth/price&qos=0`, { registry });
      try {
        await btc.write('100');
        await eth.write('7');
        for (const reader of [plus, hash]) {
          const got = (await readMessages(reader, 'mqtt', 2)).map((m) => [m.topic, m.data, m.qos, m.retain]);
          expect(got.sort()).toEqual([
            [`${base}/btc/price`, '100', 1, false],
            [`${base}/eth/price`, '7', 0, false],
          ]);
        }
        expect(await plus.read(-1)).toBeNull(); // read() and readMessage() share one queue
      } finally {
        await Promise.all([plus.close(), hash.close(), btc.close(), eth.close()]);
      }
    });

    it('marks the retained message a new subscriber is sent', async () => {
      const topic = `${uniqueTopic()}/last`;
      const publisher = await dial(`${url}?topic=${topic}&qos=1&retain=true`, { registry });
      await publisher.write('kept');
      const late = await dial(`${url}?topic=${topic.replace(/\/last$/, '/+')}&qos=1&retained=true`, { registry });
      try {
        const [message] = await readMessages(late, 'mqtt', 1);
        expect(message).toMatchObject({ transport: 'mqtt', topic, data: 'kept', retain: true });
      } finally {
        await publisher.write(''); // an empty retained message clears it
        await Promise.all([publisher.close(), late.close()]);
      }
    });
  });
}
