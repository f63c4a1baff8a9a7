// `pnpm mutation [target...] [--mutate <glob>] [--tests <glob>]`: StrykerJS over packages/core and
// the mqtt, nats, amqp, kafka and ws drivers (ADR 0103). Drivers get their real servers from test-infra. Each run
// folds Stryker's JSON report into docs/mutation/<target>.json (per file, so a run chunked with
// --mutate replaces only the files it mutated) and regenerates docs/mutation.md. `--tests` runs only
// those test files against each mutant (a lower bound of the score, much faster for code every
// test reaches, such as address redaction); it is recorded in the command of the run.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Stryker } from '@stryker-mutator/core';
import { startServices, type Harness, type ServiceName } from '../test-infra/src/index.js';
import { fileFigures, foldFigures, type MutationFile, type StrykerReport } from './lib/mutation-figures.js';
import { mutantCounts } from './lib/mutation-inventory.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Package folder and the servers its tests need, per target name. */
export const TARGETS: Record<string, { dir: string; services: ServiceName[] }> = {
  core: { dir: 'packages/core', services: [] },
  mqtt: { dir: 'packages/mq-mqtt', services: ['mqtt'] },
  nats: { dir: 'packages/mq-nats', services: ['nats'] },
  amqp: { dir: 'packages/mq-amqp', services: ['amqp'] },
  kafka: { dir: 'packages/mq-kafka', services: ['kafka'] },
  ws: { dir: 'packages/transport-ws', services: [] },
};

function commit(): string {
  return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
}

async function run(target: string, mutate: string | undefined, tests: string | undefined): Promise<void> {
  const { dir, services } = TARGETS[target]!;
  const report = `reports/mutation/${target}.json`;
  const harness: Harness | undefined = services.length > 0 ? await startServices({ only: services }) : undefined;
  // The address property tests run 2000 cases each (~70 s on this machine); every surviving mutant
  // of the address code would pay that. 200 cases per property keep their reach at a tenth of the cost.
  process.env.ADDRESS_RUNS ??= '200';
  Object.assign(
    process.env,
    harness?.env ?? {},
    { MUTATION_DIR: dir },
    tests === undefined ? {} : { MUTATION_TESTS: tests },
  );
  const inventory = await mutantCounts(root, dir);
  const started = Date.now();
  try {
    await new Stryker({
      testRunner: 'vitest',
      plugins: ['@stryker-mutator/vitest-runner'],
      // related: false — vitest's related-file lookup finds no test through the workspace's `source` exports.
      vitest: { configFile: 'scripts/mutation.vitest.config.ts', related: false },
      mutate:
        mutate === undefined ? [`${dir}/src/**/*.ts`, `!${dir}/src/conformance/**`, `!${dir}/src/index.ts`] : [mutate],
      coverageAnalysis: 'perTest',
      // In place: pnpm's per-package node_modules do not survive Stryker's sandbox copy.
      inPlace: true,
      concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 2),
      // A mutant that loops forever costs this much beyond its tests' normal time (plus a worker restart).
      timeoutMS: Number(process.env.MUTATION_TIMEOUT_MS ?? 15_000),
      reporters: ['json', 'progress'],
      jsonReporter: { fileName: report },
      cleanTempDir: 'always',
    }).runMutationTest();
  } finally {
    await harness?.stop();
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  const path = `${root}docs/mutation/${target}.json`;
  let kept: MutationFile = { target, runs: [], files: {} };
  try {
    kept = JSON.parse(readFileSync(path, 'utf8')) as MutationFile;
  } catch {
    // first run of this target
  }
  const fresh = fileFigures(JSON.parse(readFileSync(`${root}${report}`, 'utf8')) as StrykerReport);
  const command = `pnpm mutation ${target}${mutate === undefined ? '' : ` --mutate '${mutate}'`}${tests === undefined ? '' : ` --tests '${tests}'`}`;
  kept.files = foldFigures(kept.files, fresh, mutate);
  kept.sources = inventory;
  kept.runs = [
    ...kept.runs.filter((r) => r.command !== command),
    {
      command,
      commit: commit(),
      at: new Date(started).toISOString(),
      seconds,
      files: Object.keys(fresh).length,
    },
  ];
  mkdirSync(`${root}docs/mutation`, { recursive: true });
  writeFileSync(path, `${JSON.stringify(kept, null, 1)}\n`);
  console.log(`[mutation] ${target}: ${seconds} s, ${Object.keys(fresh).length} files → ${path}`);
}

// Stryker runs in place (see below) and puts `// @ts-nocheck` into every source file while it runs:
// only start from a clean tree, so an interrupted run is undone by `git checkout .`.
if (
  execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).trim() !== ''
) {
  throw new Error('pnpm mutation changes source files in place while it runs: commit or stash your changes first');
}
const args = process.argv.slice(2);
const valueOf = (flag: string): string | undefined => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const mutate = valueOf('--mutate');
const tests = valueOf('--tests');
const targets = args.filter((a, i) => !a.startsWith('--') && !['--mutate', '--tests'].includes(args[i - 1] ?? ''));
for (const target of targets.length > 0 ? targets : Object.keys(TARGETS)) {
  if (TARGETS[target] === undefined) throw new Error(`unknown target ${target} (${Object.keys(TARGETS).join(', ')})`);
  await run(target, mutate, tests);
}
execFileSync(process.execPath, ['--conditions=source', '--import', 'tsx', 'scripts/mutation-report.ts'], {
  cwd: root,
  stdio: 'inherit',
});
