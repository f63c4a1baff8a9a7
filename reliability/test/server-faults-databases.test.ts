import { describe, expect, it } from 'vitest';
import '@omnidial/db-postgres';
import '@omnidial/db-mysql';
import '@omnidial/db-clickhouse';
import { runSqlFaults } from '../src/server-faults.js';
import { DATABASES, databaseTarget } from '../src/targets.js';
import { privateService, serviceAvailable } from './support/services.js';

/** CI-sized: 5 cycles, 3 for clickhouse, whose stop is slow (the long run does 100). */
const cyclesOf = (name: string): number => Number(process.env.RELIABILITY_CYCLES ?? (name === 'clickhouse' ? 3 : 5));

for (const name of DATABASES) {
  describe(`server faults: ${name} crashed (SIGKILL) or stopped, and restarted`, () => {
    if (!serviceAvailable(name)) return;
    const harness = privateService(name);
    const CYCLES = cyclesOf(name);
    it(`exec() fails with DialError while down and works again after ${CYCLES} restarts`, async () => {
      const figures = await runSqlFaults(databaseTarget(harness(), name), {
        cycles: CYCLES,
        upMs: 500,
        downMs: 300,
        recoverLimitMs: 60_000,
      });
      console.info(`[reliability] server faults ${name}: ${JSON.stringify(figures)}`);
      // Every other cycle a SIGKILL of the server process (a crash), the others graceful stops.
      expect({ sigkills: figures.sigkills, gracefulStops: figures.gracefulStops }).toEqual({
        sigkills: Math.ceil(CYCLES / 2),
        gracefulStops: Math.floor(CYCLES / 2),
      });
      expect(figures.crashes).toBe(0);
      expect(figures.unhandledRejections).toBe(0);
      expect(figures.foreignErrors).toBe(0);
      expect(figures.unrecovered).toBe(0);
      expect(figures.execOk).toBeGreaterThan(CYCLES);
    }, 600_000);
  });
}
