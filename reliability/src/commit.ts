import { execFileSync } from 'node:child_process';

/**
 * The commit a run measures, for the generated tables: the short HEAD, with `+changes` when the
 * tracked files differ from it (so a figure is never attributed to code it did not run).
 */
export function measuredCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head}+changes` : head;
  } catch {
    return 'unknown';
  }
}
