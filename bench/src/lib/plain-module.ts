/**
 * A bench module as plain JavaScript, for the flood client processes (ADR 0320): a flood process
 * runs omnidial as a user's program does, built JavaScript on plain `node`, not under the
 * TypeScript loader that runs the bench itself: under `tsx` the loader's state shares the flood's
 * process, and reading cost both clients more CPU per MB, omnidial's more (bench/NOTES.md §25).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';
import { build, type Plugin } from 'esbuild';

/**
 * Where the bundles go: inside bench/, so the packages they leave out resolve from
 * bench/node_modules as they do for the source; one folder per process and thread, so parallel
 * test files never write each other's bundles; removed when the process exits.
 */
const OUT_DIR = fileURLToPath(new URL(`../../.plain/${process.pid}-${threadId}/`, import.meta.url));

/** The one package a bundle takes in: test-infra's service names, TypeScript only, imported by the broker sections. */
const BUNDLED_PACKAGE = '@omnidial/test-infra/types';

/** Leaves every package import to `node` (omnidial's built dist, ws, the raw clients), except {@link BUNDLED_PACKAGE}. */
const packagesOutside: Plugin = {
  name: 'packages-outside',
  setup(plugin) {
    plugin.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path === BUNDLED_PACKAGE || args.kind === 'entry-point' ? undefined : { path: args.path, external: true },
    );
  },
};

const built = new Map<string, Promise<string>>();

/**
 * The path of `entry` (a TypeScript module of bench/, as a path or file URL) bundled into one
 * `.mjs` file with the bench code it imports, built once per process.
 */
export function plainModule(entry: string | URL): Promise<string> {
  const source = entry instanceof URL || entry.startsWith('file:') ? fileURLToPath(entry) : entry;
  let path = built.get(source);
  if (path === undefined) {
    path = bundle(source);
    built.set(source, path);
  }
  return path;
}

async function bundle(source: string): Promise<string> {
  if (built.size === 0) process.once('exit', () => rmSync(OUT_DIR, { recursive: true, force: true }));
  mkdirSync(OUT_DIR, { recursive: true });
  const outfile = join(OUT_DIR, `${built.size}-${basename(source).replace(/\.ts$/, '.mjs')}`);
  await build({
    entryPoints: [source],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    plugins: [packagesOutside],
    logLevel: 'error',
  });
  return outfile;
}
