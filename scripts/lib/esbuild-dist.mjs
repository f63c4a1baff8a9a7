// What both bundling steps of a package's dist/ share (ADR 0302, ADR 0311).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * esbuild options of every dist/ bundle: ES modules for Node 22+, code shared or imported lazily
 * split into chunks, every package (other @omnidial packages included) left an import.
 * No keepNames: it wraps every closure in a name-setting call, hot paths included. esbuild renames
 * only on a clash; scripts/test/bundled-dist.test.ts checks that no class was renamed.
 */
export const DIST_BUNDLE = {
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
};

/** Every file under `dir`, depth first. */
export function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}
