import { execFileSync } from 'node:child_process';

/**
 * The commit a run measures, for the generated tables: the short HEAD, with `+changes` when the
 * tracked files differ from it (so a figure is never attributed to code it did not run).
 */
export function measuredCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    // Figure files a run writes (the first of several tests to record), the docs and the bench's
    // recorded figures do not change the code it measures.
    const status = [
      'status',
      '--porcelain',
      '--untracked-files=no',
      '--',
      '.',
      ':!docs',
      ':!bench/RESULTS.md',
      ':!bench/NOTES.md',
      ':!bench/results',
    ];
    const dirty = execFileSync('git', status, { encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head}+changes` : head;
  } catch {
    return 'unknown';
  }
}
