/**
 * The signal bot → execution bot example of mqtt-signal-bots.ts, over NATS: same code, other address.
 * Run: `pnpm with-services -- tsx examples/brokers/nats-signal-bots.ts`.
 */
import { runBots } from './mqtt-signal-bots.js';

await runBots(process.env.OMNIDIAL_TEST_NATS_URL ?? 'nats://127.0.0.1:4222', '.');
