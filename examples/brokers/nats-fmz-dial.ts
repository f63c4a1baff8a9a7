/**
 * FMZ's broker example, NATS part (made `await`-aware): `nats://admin@host:4222?topic=...`
 * (`admin` is a token; a server without auth ignores it). One connection publishes on the
 * subject and reads its own message back.
 * Run: `pnpm with-services -- tsx examples/brokers/nats-fmz-dial.ts`.
 */
import { Dial, lastDialError } from '@omnidial/core';
import '@omnidial/mq-nats';

const host = (process.env.OMNIDIAL_TEST_NATS_URL ?? 'nats://127.0.0.1:4222').replace('nats://', '');

const conn = await Dial(`nats://admin@${host}?topic=test_topic`);
if (conn === null) throw lastDialError();
await conn.write('Hello NATS from omnidial');
const message = await conn.read(1000);
console.log('nats read:', message);
await conn.close();
if (message !== 'Hello NATS from omnidial') process.exitCode = 1;
