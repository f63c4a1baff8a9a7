/**
 * Signal bot → execution bot in two processes over RabbitMQ. The execution bot consumes a queue
 * bound to `amq.direct`; the signal bot publishes to that exchange with the queue's routing key
 * (its own connection gets a private queue, so it never competes for the signals).
 * Run: `pnpm with-services -- tsx examples/brokers/amqp-signal-bots.ts`.
 */
import { fileURLToPath } from 'node:url';
import '@omnidial/mq-amqp';
import { main } from './broker-bots.js';

const base = process.env.OMNIDIAL_TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672/';
const id = process.pid;

await main(fileURLToPath(import.meta.url), () => ({
  signalsIn: `${base}?queue=signals-${id}&exchange=amq.direct&routingKey=signals-${id}`,
  signalsOut: `${base}?exchange=amq.direct&routingKey=signals-${id}`,
  fillsIn: `${base}?queue=fills-${id}&exchange=amq.direct&routingKey=fills-${id}`,
  fillsOut: `${base}?exchange=amq.direct&routingKey=fills-${id}`,
}));
