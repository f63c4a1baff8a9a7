/**
 * FMZ's broker example, AMQP part (made `await`-aware): one connection publishes to the queue
 * and reads its own message back. Run: `pnpm with-services -- tsx examples/brokers/amqp-fmz-dial.ts`.
 */
import { Dial, lastDialError } from '@omnidial/core';
import '@omnidial/mq-amqp';

// FMZ writes amqp://q:admin@127.0.0.1:5672/?queue=test_Queue; test-infra has its own user and port.
const base = process.env.OMNIDIAL_TEST_AMQP_URL ?? 'amqp://q:admin@127.0.0.1:5672/';

const conn = await Dial(`${base}?queue=test_Queue`);
if (conn === null) throw lastDialError();
await conn.write('Hello AMQP from omnidial');
const message = await conn.read(1000);
console.log('amqp read:', message);
await conn.close();
if (message !== 'Hello AMQP from omnidial') process.exitCode = 1;
