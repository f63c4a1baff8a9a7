import { describe, expect, it } from 'vitest';
import '@omnidial/mq-mqtt';
import '@omnidial/mq-nats';
import '@omnidial/mq-amqp';
import '@omnidial/mq-kafka';
import { runServerFaults } from '../src/server-faults.js';
import { BROKERS, brokerTarget } from '../src/targets.js';
import { privateService, serviceAvailable } from './support/services.js';

/** CI-sized: 5 cycles, 3 for the brokers whose restart takes ~7 s (the long run does 100). */
const cyclesOf = (name: string): number =>
  Number(process.env.RELIABILITY_CYCLES ?? (name === 'kafka' || name === 'amqp' ? 3 : 5));

for (const name of BROKERS) {
  describe(`server faults: ${name} broker crashed (SIGKILL) or stopped, and restarted`, () => {
    if (!serviceAvailable(name)) return;
    const harness = privateService(name);
    const CYCLES = cyclesOf(name);
    it(`loses no acknowledged-unread message over ${CYCLES} restarts`, async () => {
      const figures = await runServerFaults(brokerTarget(harness(), name), {
        cycles: CYCLES,
        upMs: 1000,
        downMs: 300,
        recoverLimitMs: 60_000,
        drainMs: 30_000,
      });
      console.info(`[reliability] server faults ${name}: ${JSON.stringify(figures)}`);
      // Every other cycle a SIGKILL of the server process (a crash), the others graceful stops.
      expect({ sigkills: figures.sigkills, gracefulStops: figures.gracefulStops }).toEqual({
        sigkills: Math.ceil(CYCLES / 2),
        gracefulStops: Math.floor(CYCLES / 2),
      });
      expect(figures.crashes).toBe(0);
      expect(figures.unhandledRejections).toBe(0);
      expect(figures.unrecovered).toBe(0);
      expect(figures.lost).toBe(0);
      expect(figures.workload.ownSeen).toBeGreaterThan(0);
    }, 600_000);
  });
}
