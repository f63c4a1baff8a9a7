// Second build step of the omnidial package (ADR 0311): replaces tsc's one file per module in
// dist/cli/ with one esbuild bundle of what `omnidial URL` loads (run.js and its static imports),
// so the pipe path opens 2 CLI modules instead of 9 (Node resolves, reads and links every ES
// module once at start). Each command run.js imports lazily (sql, bridge, listen, record, list,
// help) becomes one bundle under its own name, which imports what it shares with the pipe path
// from run.js (run.js exports everything its modules export): one instance of every module.
// main.js stays tsc's: it enables the compile cache before it loads the bundle (ADR 0300).
// Kept as they are, and imported by the bundles: everything outside dist/cli/ (dependencies, the
// `omnidial run` command and its workers, which find their files beside import.meta.url) and any
// dist/cli/ module that code outside dist/cli/ imports.
// Run from packages/omnidial, after `tsc -p tsconfig.build.json`.
import { build } from 'esbuild';
import { readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { DIST_BUNDLE, files } from './lib/esbuild-dist.mjs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const DIST = resolve('dist');
const CLI = join(DIST, 'cli');
const STAGING = resolve('dist.cli-bundle');
/** The entry point the bundle starts from; main.js imports it by this name. */
const ENTRY = 'run.js';

const inCli = (path) => path.startsWith(CLI + sep);

/** dist/cli/ modules that a module outside dist/cli/ imports (relative specifiers only). */
function importedFromOutside() {
  const shared = new Set();
  for (const path of files(DIST)) {
    if (!path.endsWith('.js') || inCli(path)) continue;
    for (const [, spec] of readFileSync(path, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"](\.\.?\/[^'"]+)['"]/g)) {
      const target = resolve(dirname(path), spec);
      if (inCli(target)) shared.add(target);
    }
  }
  return shared;
}

const shared = importedFromOutside();
/** Resolves relative imports: `keep` decides which stay imports (of `as`, or of the same path). */
function keepPlugin(keep) {
  return {
    name: 'keep-modules',
    setup(context) {
      context.onResolve({ filter: /^\.\.?\// }, ({ path, importer, kind }) => {
        const target = resolve(dirname(importer), path);
        if (!inCli(importer)) return undefined;
        if (!inCli(target) || shared.has(target)) return { path, external: true };
        return keep(target, kind, path);
      });
    },
  };
}
const dynamicExternal = (target, kind, path) => (kind === 'dynamic-import' ? { path, external: true } : undefined);

// 1. What run.js loads statically, and the commands it imports lazily.
const graph = await build({
  entryPoints: [join(CLI, ENTRY)],
  ...DIST_BUNDLE,
  splitting: false,
  write: false,
  outdir: STAGING,
  metafile: true,
  plugins: [keepPlugin(dynamicExternal)],
});
const statics = Object.keys(graph.metafile.inputs)
  .map((path) => resolve(path))
  .filter((path) => inCli(path) && !shared.has(path));
/** Every dist/cli/ module a module of run.js's static graph imports with import(). */
const lazy = [
  ...new Set(
    statics.flatMap((path) =>
      [...readFileSync(path, 'utf8').matchAll(/import\(\s*['"](\.\/[^'"]+)['"]\s*\)/g)]
        .map(([, spec]) => resolve(dirname(path), spec))
        .filter((target) => inCli(target) && !shared.has(target)),
    ),
  ),
];

// An earlier build's split chunks (esbuild's [name]-[hash]: tsc's names are lower case).
for (const name of readdirSync(CLI)) if (/-[A-Z0-9]{8}\.js(\.map)?$/.test(name)) rmSync(join(CLI, name));
rmSync(STAGING, { recursive: true, force: true });

// 2. run.js: its whole static graph in one file, which also exports what every module of it
// exports, so that the lazy commands import those from run.js (one instance, one file opened).
await build({
  stdin: {
    contents: statics.map((path) => `export * from './${relative(CLI, path)}';`).join('\n'),
    resolveDir: CLI,
    sourcefile: 'run-bundle-entry.js',
  },
  outfile: join(STAGING, ENTRY),
  ...DIST_BUNDLE,
  splitting: false,
  plugins: [keepPlugin(dynamicExternal)],
});

// 3. The lazy commands, under their own names (run.js imports them so), code they share in chunks;
// what run.js holds is imported from it.
const lazyBuild = await build({
  entryPoints: lazy,
  outdir: STAGING,
  entryNames: '[name]',
  // Chunks sit beside run.js, so the relative imports kept external resolve from every output.
  chunkNames: '[name]-[hash]',
  ...DIST_BUNDLE,
  metafile: true,
  plugins: [keepPlugin((target) => (statics.includes(target) ? { path: `./${ENTRY}`, external: true } : undefined))],
});

const bundled = [...statics, ...Object.keys(lazyBuild.metafile.inputs).map((path) => resolve(path))];
for (const path of new Set(bundled)) {
  if (!inCli(path) || shared.has(path)) continue;
  rmSync(path);
  rmSync(`${path}.map`, { force: true });
}
for (const path of files(STAGING)) renameSync(path, join(CLI, relative(STAGING, path)));
rmSync(STAGING, { recursive: true, force: true });
