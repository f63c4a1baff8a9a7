import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { measuredCommit } from '../commit.js';

/** Where the cluster suite keeps the figures of its latest run (rendered into docs/reliability.md). */
export const CLUSTER_FIGURES = fileURLToPath(new URL('../../../docs/reliability/clusters.json', import.meta.url));

/**
 * Figures of every cluster test, by kind and broker. Each entry carries the commit it was
 * measured on (`commit`, `measuredAt`), so brokers recorded by separate runs are told apart, and
 * the 1/5/15-minute load averages when it ended (`load`);
 * the file-level pair is that of the latest record (and stands for entries without their own).
 */
export interface ClusterFigureFile {
  commit: string;
  measuredAt: string;
  failover: Record<string, unknown>;
  sharing: Record<string, unknown>;
}

/** Reads the figure file (an empty one when there is none yet). */
export function readClusterFigures(): ClusterFigureFile {
  try {
    return JSON.parse(fs.readFileSync(CLUSTER_FIGURES, 'utf8')) as ClusterFigureFile;
  } catch {
    return { commit: 'none', measuredAt: '', failover: {}, sharing: {} };
  }
}

/** Stores one test's figures when `CLUSTER_RECORD=1` (the run whose figures the docs publish). */
export function recordClusterFigures(kind: 'failover' | 'sharing', broker: string, figures: unknown): void {
  if (process.env.CLUSTER_RECORD !== '1') return;
  const file = readClusterFigures();
  file.commit = measuredCommit();
  file.measuredAt = new Date().toISOString();
  // The machine is shared: the load averages when the test ended say how busy it was meanwhile.
  const load = os.loadavg().map((avg) => Math.round(avg * 10) / 10);
  file[kind][broker] = { ...(figures as object), commit: file.commit, measuredAt: file.measuredAt, load };
  fs.writeFileSync(CLUSTER_FIGURES, `${JSON.stringify(file, null, 2)}\n`);
}
