/**
 * FMZ's broker example, MQTT part (made `await`-aware): one connection publishes on the topic
 * and reads its own message back. Run: `pnpm with-services -- tsx examples/brokers/mqtt-fmz-dial.ts`.
 */
import { Dial, lastDialError } from '@omnidial/core';
import '@omnidial/mq-mqtt';

const host = (process.env.OMNIDIAL_TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883').replace('mqtt://', '');

const conn = await Dial(`mqtt://${host}?topic=test_topic`);
if (conn === null) throw lastDialError();
await conn.write('Hello MQTT from omnidial');
const message = await conn.read(1000);
console.log('mqtt read:', message);
await conn.close();
if (message !== 'Hello MQTT from omnidial') process.exitCode = 1;
