// Second build step of a package (ADR 0302): replaces tsc's one-file-per-module JavaScript in
// dist/ with one esbuild bundle per entry point of `exports`, shared code and lazily imported
// modules split into dist/chunks/. Node resolves each module of a program once at start; the core
// alone was 59 of them. Types stay tsc's (dist/**/*.d.ts); the bundles' source maps chain through
// tsc's to src/. Dependencies, other @omnidial packages included, stay imports: every package
// still gets the one @omnidial/core instance (its registry, its error classes).
// Run from the package directory, after `tsc -p tsconfig.build.json`.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const DIST = 'dist';
const STAGING = 'dist.bundle';

/** The `default` target of every entry point in package.json's `exports` (JavaScript only). */
function entryPoints() {
  const { exports } = JSON.parse(readFileSync('package.json', 'utf8'));
  return Object.values(exports)
    .map((target) => (typeof target === 'string' ? target : target.default))
    .filter((path) => typeof path === 'string' && path.endsWith('.js'));
}

/** Every file under `dir`, depth first. */
function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

rmSync(STAGING, { recursive: true, force: true });
await build({
  entryPoints: entryPoints(),
  outdir: STAGING,
  outbase: DIST,
  entryNames: '[dir]/[name]',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  packages: 'external',
  // No keepNames: it wraps every closure in a name-setting call, hot paths included. esbuild renames
  // only on a clash; scripts/test/bundled-dist.test.ts checks that no class was renamed.
  sourcemap: true,
  logLevel: 'warning',
});
for (const path of [...files(DIST)]) if (path.endsWith('.js') || path.endsWith('.js.map')) rmSync(path);
for (const path of [...files(STAGING)]) {
  const target = join(DIST, relative(STAGING, path));
  mkdirSync(dirname(target), { recursive: true });
  renameSync(path, target);
}
rmSync(STAGING, { recursive: true, force: true });
