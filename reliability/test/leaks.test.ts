import { describe, expect, it } from 'vitest';
import { runProbe } from '../src/child.js';
import { serviceLeakTargets } from '../src/leak-targets.js';

const CYCLES = process.env.RELIABILITY_LEAK_CYCLES ?? '500';

interface LeakRow {
  name: string;
  failures: number;
  heapBeforeMb: number;
  heapAfterMb: number;
  extraResources: Record<string, number>;
}

describe('leaks: dial/close cycles return resources and heap to baseline (child process, --expose-gc)', () => {
  const { targets, missing } = serviceLeakTargets();
  if (missing.length > 0) {
    const why = `no server for ${missing.join(', ')}: run through \`pnpm with-services\``;
    if (process.env.CI)
      it('every server is required in CI', () => {
        throw new Error(why);
      });
    else it.skip(`leak cycles of ${missing.join(', ')} — skipped: ${why}`, () => undefined);
  }

  it(`${CYCLES} cycles each of tcp, ws${targets.length > 0 ? `, ${targets.map((t) => t.name).join(', ')}` : ''}`, async () => {
    const { results } = (await runProbe('leak', { CYCLES, LEAK_TARGETS: JSON.stringify(targets) }, 900_000)) as {
      results: LeakRow[];
    };
    for (const row of results) {
      console.info(`[reliability] leak ${row.name}: ${JSON.stringify(row)}`);
      expect.soft(row.failures, row.name).toBe(0);
      expect.soft(row.extraResources, row.name).toEqual({});
      expect.soft(row.heapAfterMb - row.heapBeforeMb, row.name).toBeLessThan(5);
    }
  }, 900_000);
});
