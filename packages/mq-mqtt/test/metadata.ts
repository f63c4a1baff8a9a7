import { describe, expect, it } from 'vitest';
import { dial, Registry, type Connection, type MqttMetadata, type ReceivedMessage } from '@omnidial/core';
import { uniqueTopic } from '@omnidial/test-infra/vitest';
import { mqttDriver } from '../src/driver.js';

const registry = new Registry().register(mqttDriver);

/** Reads `count` messages with readMessage(), each as MQTT metadata (fails on anything else). */
async function readMqtt(conn: Connection, count: number): Promise<(MqttMetadata & ReceivedMessage)[]> {
  const out: (MqttMetadata & ReceivedMessage)[] = [];
  while (out.length < count) {
    const message = await conn.readMessage(10_000);
    if (message === null || message === '') throw new Error(`readMessage gave ${JSON.stringify(message)} after ${out.length} of ${count}`);
    if (message.transport !== 'mqtt') throw new Error(`transport ${message.transport}`);
    out.push(message);
  }
  return out;
}

/** readMessage() metadata against the real broker; registered from mqtt.test.ts (the conformance suite there stops the broker). */
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
          const got = (await readMqtt(reader, 2)).map((m) => [m.topic, m.data, m.qos, m.retain]);
          expect(got.sort()).toEqual([[`${base}/btc/price`, '100', 1, false], [`${base}/eth/price`, '7', 0, false]]);
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
        const [message] = await readMqtt(late, 1);
        expect(message).toMatchObject({ transport: 'mqtt', topic, data: 'kept', retain: true });
      } finally {
        await publisher.write(''); // an empty retained message clears it
        await Promise.all([publisher.close(), late.close()]);
      }
    });
  });
}
