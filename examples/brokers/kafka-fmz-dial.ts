/**
 * FMZ's broker example, Kafka part (made `await`-aware): one connection produces to the topic
 * and reads its own message back. Run: `pnpm with-services -- tsx examples/brokers/kafka-fmz-dial.ts`.
 */
import { Dial, lastDialError } from '@omnidial/core';
import '@omnidial/mq-kafka';

const hosts = (process.env.OMNIDIAL_TEST_KAFKA_URL ?? 'kafka://localhost:9092').replace('kafka://', '');

const conn = await Dial(`kafka://${hosts}/test_topic`, 30);
if (conn === null) throw lastDialError();
await conn.write('Hello KAFKA from omnidial');
const message = await conn.read(5000);
console.log('kafka read:', message);
await conn.close();
if (message !== 'Hello KAFKA from omnidial') process.exitCode = 1;
