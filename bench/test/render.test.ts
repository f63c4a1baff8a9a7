import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { alternate } from '../src/lib/alternate.js';
import { renderResults } from '../src/lib/render.js';
import { compare, info, ratioOf } from '../src/lib/rows.js';
import { stats } from '../src/lib/stats.js';
import type { SectionRecord } from '../src/lib/types.js';

function record(id: string, load: number, rows: SectionRecord['rows']): SectionRecord {
  return {
    id,
    title: `Section ${id}`,
    baseline: 'raw',
    rows,
    notes: ['a note'],
    machine: 'test',
    node: 'v0',
    command: 'pnpm bench',
    measuredAt: '2026-12-03T00:00:00Z',
    load: { start: load, end: load, cpus: 2 },
  };
}

describe('bench statistics and RESULTS.md', () => {
  it('summarises a series as median and spread', () => {
    expect(stats([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5, runs: 3, samples: [5, 1, 3] });
    expect(stats([4, 1, 3, 2]).median).toBe(2.5);
  });

  it('gives every ratio in one direction: omnidial relative to raw, higher is better', () => {
    expect(ratioOf(compare('rate', 'msg/s', 'higher', [100], [90]))).toBeCloseTo(0.9);
    expect(ratioOf(compare('time', 'µs', 'lower', [100], [200]))).toBeCloseTo(0.5);
  });

  it('rotates the order of the variants each round', async () => {
    const order: string[] = [];
    const variant = (name: string) => async () => {
      order.push(name);
    };
    await alternate({ a: variant('a'), b: variant('b') }, 3);
    // In the smoke environment there is no warm-up; otherwise each runs once first.
    expect(order.slice(-6)).toEqual(['a', 'b', 'b', 'a', 'a', 'b']);
  });

  it('continues the rotation of an earlier call from its first round', async () => {
    const order: string[] = [];
    const variant = (name: string) => async () => {
      order.push(name);
    };
    await alternate({ a: variant('a'), b: variant('b') }, 2, 1);
    expect(order.slice(-4)).toEqual(['b', 'a', 'a', 'b']);
  });

  it('lists rows below target in the summary and flags sections measured on a busy machine', () => {
    const markdown = renderResults([
      record('quiet', 0.5, [compare('fast enough', 'msg/s', 'higher', [100, 100], [99, 98], { target: 0.95 })]),
      record('busy', 5, [
        compare('too slow', 'msg/s', 'higher', [100, 110], [80, 85], { target: 0.95 }),
        info('a count', '1', '2'),
      ]),
    ]);
    const summary = markdown.slice(markdown.indexOf('## Below target'), markdown.indexOf('## Section'));
    expect(summary).toContain('1 of 2 rows with a target meet it; 1 below');
    expect(summary).toContain('too slow');
    expect(summary).not.toContain('fast enough');
    expect(markdown).toMatch(/load 5\.00 → 5\.00 on 2 threads \(\*\*busy/);
    expect(markdown).toMatch(/load 0\.50 → 0\.50 on 2 threads, node/);
    expect(markdown).toContain(
      '| too slow | 105 msg/s (100–110) | 82.5 msg/s (80.0–85.0) | 0.79× | ≥ 0.95× | **below**; busy machine |',
    );
    expect(markdown).toContain('| measure | raw | omnidial | omnidial / raw (higher is better) | target | status |');
  });

  it('run.ts rejects an unknown section', () => {
    const run = fileURLToPath(new URL('../run.ts', import.meta.url));
    const result = spawnSync(process.execPath, ['--import', 'tsx', run, '--only', 'nope'], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no section nope');
  });
});
