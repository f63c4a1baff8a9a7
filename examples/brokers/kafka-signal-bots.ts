/**
 * Signal bot → execution bot in two processes over Kafka. Every connection has its own consumer
 * group by default, so each bot sees every message on the topics it dials.
 * Run: `pnpm with-services -- tsx examples/brokers/kafka-signal-bots.ts`.
 */
import { fileURLToPath } from 'node:url';
import '@omnidial/mq-kafka';
import { main } from './broker-bots.js';

const base = process.env.OMNIDIAL_TEST_KAFKA_URL ?? 'kafka://localhost:9092';
const id = process.pid;

await main(fileURLToPath(import.meta.url), () => ({
  signalsIn: `${base}/bots.signals.${id}`,
  signalsOut: `${base}/bots.signals.${id}`,
  fillsIn: `${base}/bots.fills.${id}`,
  fillsOut: `${base}/bots.fills.${id}`,
}));
