// Second build step of the omnidial package (ADR 0311): replaces tsc's one file per module in
// dist/cli/ with one esbuild bundle of what `omnidial URL` loads (run.js and its static imports),
// the commands it imports lazily (sql, bridge, listen, record, list, help) split into chunks
// beside it. The pipe path then opens 2 CLI modules instead of 9 (Node resolves, reads and links
// every ES module once at start). main.js stays tsc's: it enables the compile cache before it
// loads the bundle (ADR 0300).
// Kept as they are, and imported by the bundle: everything outside dist/cli/ (dependencies, the
// `omnidial run` command and its workers, which find their files beside import.meta.url) and any
// dist/cli/ module that code outside dist/cli/ imports (one instance of each module).
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
// An earlier build's entry chunks and split chunks (esbuild's [name]-[hash]: tsc's names are lower case).
for (const name of readdirSync(CLI)) if (/-[A-Z0-9]{8}\.js(\.map)?$/.test(name)) rmSync(join(CLI, name));
rmSync(STAGING, { recursive: true, force: true });
const { metafile } = await build({
  entryPoints: [join(CLI, ENTRY)],
  outdir: STAGING,
  entryNames: '[name]',
  // Chunks sit beside run.js, so the relative imports kept external resolve from every output.
  chunkNames: '[name]-[hash]',
  ...DIST_BUNDLE,
  metafile: true,
  plugins: [
    {
      name: 'keep-outside-modules',
      setup(context) {
        context.onResolve({ filter: /^\.\.?\// }, ({ path, importer }) => {
          const target = resolve(dirname(importer), path);
          if (inCli(importer) && (!inCli(target) || shared.has(target))) return { path, external: true };
          return undefined;
        });
      },
    },
  ],
});
const bundled = Object.keys(metafile.inputs).map((path) => resolve(path));
for (const path of bundled) {
  if (!inCli(path) || shared.has(path)) continue;
  rmSync(path);
  rmSync(`${path}.map`, { force: true });
}
for (const path of files(STAGING)) renameSync(path, join(CLI, relative(STAGING, path)));
rmSync(STAGING, { recursive: true, force: true });
