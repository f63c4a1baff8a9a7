import { describe, expect, it } from 'vitest';
import '@omnidial/mq-mqtt';
import '@omnidial/mq-nats';
import '@omnidial/mq-amqp';
import '@omnidial/mq-kafka';
import { runServerFaults } from '../src/server-faults.js';
import { BROKERS, brokerTarget } from '../src/targets.js';
import { privateService, serviceAvailable } from './support/services.js';

const CYCLES = Number(process.env.RELIABILITY_CYCLES ?? 5);

for (const name of BROKERS) {
  describe(`server faults: ${name} broker stopped and restarted`, () => {
    if (!serviceAvailable(name)) return;
    const harness = privateService(name);
    it(`loses no acknowledged-unread message over ${CYCLES} restarts`, async () => {
      const figures = await runServerFaults(brokerTarget(harness(), name), {
        cycles: CYCLES, upMs: 1000, downMs: 300, recoverLimitMs: 60_000, drainMs: 30_000,
      });
      console.info(`[reliability] server faults ${name}: ${JSON.stringify(figures)}`);
      expect(figures.crashes).toBe(0);
      expect(figures.unhandledRejections).toBe(0);
      expect(figures.unrecovered).toBe(0);
      expect(figures.lost).toBe(0);
      expect(figures.workload.ownSeen).toBeGreaterThan(0);
    }, 600_000);
  });
}
