/**
 * Start-up: the time `import` of `@omnidial/core` and of `omnidial` (core + every bundled
 * driver's metadata) takes in a fresh node process, next to importing `ws` alone.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { alternate } from './lib/alternate.js';
import { compare } from './lib/rows.js';
import { RUNS, SMOKE } from './lib/stats.js';
import type { BenchSection } from './lib/types.js';

const run$ = promisify(execFile);
const benchDir = fileURLToPath(new URL('..', import.meta.url));
/** More runs than the other sections: each is one short process start. */
const STARTS = SMOKE ? 1 : Math.max(RUNS, 15);

/** Milliseconds one `await import(specifier)` takes in a fresh node process (resolved from bench/). */
async function importMs(specifier: string): Promise<number> {
  const code = `const t = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t));`;
  const { stdout } = await run$(process.execPath, ['--input-type=module', '-e', code], { cwd: benchDir });
  return Number(stdout);
}

/** The startup section of RESULTS.md. */
export async function run(): Promise<BenchSection> {
  const runs = await alternate(
    { ws: () => importMs('ws'), core: () => importMs('@omnidial/core'), omnidial: () => importMs('omnidial') },
    STARTS,
  );
  return {
    title: 'Start-up (import time)',
    baseline: "import 'ws'",
    rows: [
      compare("import '@omnidial/core' (vs import 'ws')", 'ms', 'lower', runs.ws, runs.core),
      compare(
        "import 'omnidial' (core + every driver's metadata; vs import 'ws')",
        'ms',
        'lower',
        runs.ws,
        runs.omnidial,
      ),
    ],
    notes: [
      `Each sample: one fresh \`node\` process timing \`await import(...)\` of the built package (dist/), from bench/. ${STARTS} processes per import, the three imports alternating with the order rotated each round; median (lowest–highest).`,
      'Client libraries (ws, mqtt, pg, ...) load lazily on the first dial() of their scheme, so they are not in these figures; `ws` alone is the yardstick of one small client library.',
    ],
  };
}
