// The whole package as Stryker sees it (ADR 0103): mutants per source file, counted by the
// instrumenter @stryker-mutator/core runs, so that docs/mutation.md can say which share of the
// package the runs kept so far measured.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** The files a whole-package run mutates: the package's sources but its conformance suite and index. */
function sources(root: string, dir: string): string[] {
  return execFileSync('git', ['ls-files', `${dir}/src`], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f.endsWith('.ts') && !f.startsWith(`${dir}/src/conformance/`) && f !== `${dir}/src/index.ts`);
}

/**
 * Mutants per source file under `dir` (relative to the repository `root`, which ends in `/`), as
 * Stryker's instrumenter (the one @stryker-mutator/core runs) places them: the whole package's
 * count, against which the runs kept so far are a share.
 */
export async function mutantCounts(root: string, dir: string): Promise<Record<string, number>> {
  const fromCore = createRequire(createRequire(import.meta.url).resolve('@stryker-mutator/core'));
  const { Instrumenter } = (await import(pathToFileURL(fromCore.resolve('@stryker-mutator/instrumenter')).href)) as {
    Instrumenter: new (logger: unknown) => {
      instrument(
        files: { name: string; content: string; mutate: boolean }[],
        options: { plugins: null; excludedMutations: string[]; ignorers: [] },
      ): Promise<{ mutants: { fileName: string }[] }>;
    };
  };
  const quiet = { isDebugEnabled: () => false, isTraceEnabled: () => false, debug() {}, trace() {}, info() {} };
  const logger = { ...quiet, warn: console.warn, error: console.error };
  const files = sources(root, dir);
  const { mutants } = await new Instrumenter(logger).instrument(
    files.map((name) => ({ name, content: readFileSync(`${root}${name}`, 'utf8'), mutate: true })),
    { plugins: null, excludedMutations: [], ignorers: [] },
  );
  const counts = Object.fromEntries(files.map((f) => [f, 0]));
  for (const { fileName } of mutants) counts[fileName] = (counts[fileName] ?? 0) + 1;
  return counts;
}
