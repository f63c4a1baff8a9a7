import { describe, expect, it } from 'vitest';
import { cpuShares, parseProcStat, treeTicks } from '../src/lib/cpu.js';
import { busy, renderResults } from '../src/lib/render.js';
import type { SectionRecord } from '../src/lib/types.js';

const snapshot = (busy: number, total: number, own: number) => ({ busy, total, own });

describe("busy machine: the bench's own CPU does not count", () => {
  it('splits the CPU used during a section between the bench and other processes', () => {
    // 2 CPUs × 1 s = 200 ticks; 150 busy, of which the bench's tree used 120.
    const shares = cpuShares(snapshot(1000, 10_000, 500), snapshot(1150, 10_200, 620), 2);
    expect(shares.own).toBeCloseTo(1.2);
    expect(shares.others).toBeCloseTo(0.3);
  });

  it('never reports negative or more-than-busy own time (a child exited unwaited)', () => {
    expect(cpuShares(snapshot(0, 0, 100), snapshot(50, 200, 40), 2)).toEqual({ own: 0, others: 0.5 });
    expect(cpuShares(snapshot(0, 0, 0), snapshot(50, 200, 400), 2)).toEqual({ own: 0.5, others: 0 });
    expect(cpuShares(snapshot(0, 100, 0), snapshot(0, 100, 0), 2)).toEqual({ own: 0, others: 0 });
  });

  it('sums the ticks of a process tree and nothing outside it', () => {
    const procs = [
      { pid: 1, ppid: 0, ticks: 1000 },
      { pid: 10, ppid: 1, ticks: 5 },
      { pid: 11, ppid: 10, ticks: 7 },
      { pid: 12, ppid: 11, ticks: 11 },
      { pid: 20, ppid: 1, ticks: 300 },
    ];
    expect(treeTicks(procs, 10)).toBe(23);
    expect(treeTicks(procs, 99)).toBe(0);
  });

  it('parses /proc/<pid>/stat even when the command name holds spaces and parentheses', () => {
    const line = '4242 (node (x) y) S 17 4242 17 0 -1 4194304 100 0 0 0 30 12 4 2 20 0 11 0 5 0 0';
    expect(parseProcStat(line)).toEqual({ pid: 4242, ppid: 17, ticks: 48 });
  });

  it('flags on other processes, not on the load average the bench raised itself', () => {
    const base = { start: 6.7, end: 5.3, cpus: 2, before: 0.4 };
    expect(busy({ ...base, own: 1.9, others: 0.1 })).toBe(false);
    expect(busy({ ...base, own: 1.0, others: 0.6 })).toBe(true);
    // Old records without the split keep the load-average rule.
    expect(busy({ start: 6.7, end: 5.3, cpus: 2 })).toBe(true);
    expect(busy({ start: 0.5, end: 1.5, cpus: 2 })).toBe(false);
  });

  it('shows both the load average and the CPU split in RESULTS.md', () => {
    const record = (id: string, others: number): SectionRecord => ({
      id,
      title: `Section ${id}`,
      baseline: 'raw',
      rows: [],
      notes: [],
      machine: 'test',
      node: 'v0',
      command: 'pnpm bench',
      measuredAt: '2026-12-03T00:00:00Z',
      load: { start: 6.7, end: 5.33, cpus: 2, before: 0.4, own: 1.5, others },
    });
    const markdown = renderResults([record('a', 0.05), record('b', 0.8)]);
    expect(markdown).toContain(
      'load 6.70 → 5.33 on 2 threads, 0.40 before the run; CPUs used: bench 1.50, other processes 0.05, node',
    );
    expect(markdown).toContain('other processes 0.80 (**busy: others above 25 % of the machine**');
    expect(markdown).toContain('Sections: 2, 1 of them measured on a busy machine.');
  });
});
