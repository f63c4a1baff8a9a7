/**
 * The broker throughput variants run each in a client process of its own (ADR 0318), which
 * imports the section module and sees the server variables the bench process set; SQLite's
 * variants run together, in plain-JavaScript processes one after another (ADR 0324).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { brokerRows } from '../src/lib/broker.js';
import type { MessagingResult } from '../src/lib/messaging.js';
import { floodsInOwnProcesses, sqliteInOwnProcesses } from '../src/lib/own-process.js';
import { floods } from './fixtures/pid-floods.js';

const module = new URL('./fixtures/pid-floods.ts', import.meta.url).href;

beforeEach(() => {
  process.env.OMNIDIAL_BENCH_FIXTURE = '7';
  process.env.OMNIDIAL_BENCH_PARENT = String(process.pid);
});

afterEach(() => {
  delete process.env.OMNIDIAL_BENCH_FIXTURE;
  delete process.env.OMNIDIAL_BENCH_PARENT;
});

describe('variants in processes of their own', () => {
  it("runs each variant of a section module in a process of its own, with the bench process's variables", async () => {
    const runs = await floodsInOwnProcesses<MessagingResult>('broker', { module }, ['raw', 'omni'], 1, 2);
    const pids = (name: string): Set<number> => new Set(runs[name]!.map((run) => run.rate));
    expect(pids('raw').size).toBe(1);
    expect(pids('omni').size).toBe(1);
    expect([...pids('raw')][0]).not.toBe([...pids('omni')][0]);
    expect(runs.raw!.every((run) => run.lost === 7)).toBe(true);
  });

  it('runs the sets of processes one after another, each kept for its rounds (ADR 0319)', async () => {
    const runs = await floodsInOwnProcesses<MessagingResult>('broker', { module }, ['raw', 'omni'], 3, 2);
    const raw = runs.raw!.map((run) => run.rate);
    const omni = runs.omni!.map((run) => run.rate);
    expect(raw).toHaveLength(6);
    expect(new Set([...raw, ...omni]).size).toBe(6);
    for (const series of [raw, omni]) {
      expect(series.filter((_, i) => i % 2 === 0)).toEqual(series.filter((_, i) => i % 2 === 1));
    }
  });

  it('starts every other set of processes in the reverse order (ADR 0325)', async () => {
    const runs = await floodsInOwnProcesses<MessagingResult & { started: number }>(
      'broker',
      { module },
      ['raw', 'omni', 'many'],
      2,
      1,
    );
    const started = (set: number): number[] => ['raw', 'omni', 'many'].map((name) => runs[name]![set]!.started);
    const [raw0, omni0, many0] = started(0);
    const [raw1, omni1, many1] = started(1);
    expect(raw0! < omni0! && omni0! < many0!).toBe(true);
    expect(many1! < omni1! && omni1! < raw1!).toBe(true);
  });

  it('brokerRows() measures the variants outside the bench process', async () => {
    const never = (): never => {
      throw new Error('no round trips here');
    };
    const rows = await brokerRows({
      count: 1,
      rounds: 0,
      payloadBytes: 1,
      module,
      floods,
      echo: { raw: never, omni: never },
    });
    expect(rows.map((row) => row.measure)).toContain('throughput, 1 × 1 B, readMany()/writeMany()');
  });

  it("runs SQLite's variants together in plain-JavaScript processes, one after another (ADR 0324)", async () => {
    process.env.BENCH_SMOKE = '1';
    try {
      const runs = await sqliteInOwnProcesses(2, 3);
      expect(runs.pids).toHaveLength(2);
      expect(new Set([...runs.pids, process.pid]).size).toBe(3);
      for (const name of ['raw', 'omni', 'rawExact', 'many']) expect(runs.selects[name]).toHaveLength(6);
      for (const name of ['raw', 'omni', 'rawInteger', 'many']) expect(runs.inserts[name]).toHaveLength(6);
    } finally {
      delete process.env.BENCH_SMOKE;
    }
  });
});
