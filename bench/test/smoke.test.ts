/**
 * The bench must not rot: every section runs here with tiny counts (BENCH_SMOKE=1) against the
 * real servers of `pnpm with-services`, and RESULTS.md rendering is checked. Nothing here
 * asserts speed.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { BenchModule, CompareRow } from '../src/lib/types.js';

process.env.BENCH_SMOKE = '1';
const src = fileURLToPath(new URL('../src/', import.meta.url));
const ids = readdirSync(src)
  .filter((name) => name.endsWith('.bench.ts'))
  .map((name) => name.replace(/\.bench\.ts$/, ''))
  .sort();

describe('bench sections (smoke, tiny counts)', () => {
  it('finds every section the issue asks for', () => {
    for (const id of [
      'tcp',
      'udp',
      'tls',
      'unix',
      'ws',
      'wss',
      'mqtt',
      'nats',
      'amqp',
      'kafka',
      'sql',
      'scale',
      'startup',
      'cli',
    ]) {
      expect(ids).toContain(id);
    }
  });

  for (const id of ids) {
    it(`${id} runs and yields figures`, async () => {
      const module = (await import(`../src/${id}.bench.ts`)) as BenchModule;
      const section = await module.run();
      expect(section.title).not.toBe('');
      expect(section.rows.length).toBeGreaterThan(0);
      const compared = section.rows.filter((row): row is CompareRow => row.kind === 'compare');
      for (const row of compared) {
        expect(row.raw.runs, row.measure).toBeGreaterThan(0);
        expect(Number.isFinite(row.raw.median) && Number.isFinite(row.omni.median), row.measure).toBe(true);
      }
    }, 180_000);
  }
});
