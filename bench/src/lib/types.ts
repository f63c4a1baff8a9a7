import type { ServiceName } from '@omnidial/test-infra';
import type { Stats } from './stats.js';

/**
 * A measured comparison: omnidial against its baseline (usually the raw client), both as a
 * series of runs. The ratio is always "omnidial relative to the baseline, higher is better":
 * omni/raw for rates, raw/omni for times and sizes.
 */
export interface CompareRow {
  kind: 'compare';
  measure: string;
  /** Unit of both series, e.g. `msg/s`, `µs`, `MB`. */
  unit: string;
  better: 'higher' | 'lower';
  raw: Stats;
  omni: Stats;
  /** The least acceptable ratio (higher-is-better direction), e.g. 0.95; none for context rows. */
  target?: number;
  /** What the target column shows instead of `≥ target` (e.g. `memory ≤ 1.2×`). */
  targetLabel?: string;
  /** A short remark in the last column (e.g. which row is the floor or the documented path). */
  note?: string;
}

/** A row of plain figures (no ratio): counts, a skipped variant, an explanation. */
export interface InfoRow {
  kind: 'info';
  measure: string;
  raw: string;
  omni: string;
  note?: string;
}

export type Row = CompareRow | InfoRow;

/** What one `src/*.bench.ts` file's `run()` returns: one section of RESULTS.md. */
export interface BenchSection {
  /** Heading of the section, e.g. `Raw sockets (tcp://)`. */
  title: string;
  /** Header of the baseline column, e.g. `raw node:net`. */
  baseline: string;
  rows: Row[];
  /** Lines shown under the table (method, explanations). */
  notes: string[];
}

/**
 * Machine load around a section's run. `start`/`end` are the 1-minute load average, which counts
 * the bench's own servers and workers too; `own`/`others` split the CPU time actually used during
 * the section (records from before they were measured have neither).
 */
export interface Load {
  start: number;
  end: number;
  cpus: number;
  /** 1-minute load average when run.ts started, before the first section started any server. */
  before?: number;
  /** Average CPUs used by the bench's process tree (run.ts, its children, the with-services servers). */
  own?: number;
  /** Average CPUs used by every other process while the section ran. */
  others?: number;
}

/** A section as stored in bench/results/<id>.json, from which RESULTS.md is generated. */
export interface SectionRecord extends BenchSection {
  id: string;
  measuredAt: string;
  machine: string;
  node: string;
  command: string;
  load: Load;
}

/** The module shape `run.ts` expects of a `*.bench.ts` file. */
export interface BenchModule {
  run(): Promise<BenchSection>;
  /** The test servers `run()` starts for itself (lib/services.ts); run.ts runs sections without any first. */
  services?: readonly ServiceName[];
}
