// Second build step of a package (ADR 0302): replaces tsc's one-file-per-module JavaScript in
// dist/ with one esbuild bundle per entry point of `exports`, shared code and lazily imported
// modules split into dist/chunks/. Node resolves each module of a program once at start; the core
// alone was 59 of them. Types stay tsc's (dist/**/*.d.ts); the bundles' source maps chain through
// tsc's to src/. Dependencies, other @omnidial packages included, stay imports: every package
// still gets the one @omnidial/core instance (its registry, its error classes).
// Run from the package directory, after `tsc -p tsconfig.build.json`.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { DIST_BUNDLE, files } from './lib/esbuild-dist.mjs';
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

rmSync(STAGING, { recursive: true, force: true });
await build({
  entryPoints: entryPoints(),
  outdir: STAGING,
  outbase: DIST,
  entryNames: '[dir]/[name]',
  chunkNames: 'chunks/[name]-[hash]',
  ...DIST_BUNDLE,
});
for (const path of [...files(DIST)]) if (path.endsWith('.js') || path.endsWith('.js.map')) rmSync(path);
for (const path of [...files(STAGING)]) {
  const target = join(DIST, relative(STAGING, path));
  mkdirSync(dirname(target), { recursive: true });
  renameSync(path, target);
}
rmSync(STAGING, { recursive: true, force: true });
