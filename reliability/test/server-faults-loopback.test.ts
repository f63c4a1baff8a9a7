import { describe, expect, it } from 'vitest';
import '@omnidial/transport-net';
import '@omnidial/transport-ws';
import { runServerFaults } from '../src/server-faults.js';
import { loopbackTarget } from '../src/targets.js';

const CYCLES = Number(process.env.RELIABILITY_CYCLES ?? 5);

describe.each(['tcp', 'ws'] as const)('server faults: %s loopback server killed and restarted', (kind) => {
  it(`survives ${CYCLES} crash/restart cycles with reconnect=true`, async () => {
    const target = await loopbackTarget(kind);
    try {
      const figures = await runServerFaults(target, { cycles: CYCLES, upMs: 500, downMs: 300, recoverLimitMs: 30_000 });
      console.info(`[reliability] server faults ${kind}: ${JSON.stringify(figures)}`);
      expect(figures.crashes).toBe(0);
      expect(figures.unhandledRejections).toBe(0);
      expect(figures.unrecovered).toBe(0);
      expect(figures.workload.reconnects).toBe(CYCLES);
      expect(figures.workload.readErrors).toBe(0);
      expect(figures.workload.writeErrors).toBe(0);
      expect(figures.duplicates).toBe(0);
      expect(figures.workload.ownSeen).toBeGreaterThan(0);
    } finally {
      await target.kill();
    }
  }, 120_000);
});
