/**
 * Runs the `src/*.bench.ts` sections and regenerates RESULTS.md. A section that needs a test
 * server starts it itself and stops it when done; those sections run after the ones that need none.
 *   tsx bench/run.ts                 every section
 *   tsx bench/run.ts --only tcp,ws   those sections (ids = file names); the others keep their figures
 *   tsx bench/run.ts --render        only rewrites RESULTS.md from bench/results/*.json
 * Each section's figures go to bench/results/<id>.json; RESULTS.md is generated from those files.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchRoot, cpuShares, cpuSnapshot } from './src/lib/cpu.js';
import { renderResults, renderSection } from './src/lib/render.js';
import type { BenchModule, SectionRecord } from './src/lib/types.js';

const here = dirname(fileURLToPath(import.meta.url));
// A smoke run (BENCH_SMOKE=1, tiny counts) must not overwrite the recorded figures.
const smoke = process.env.BENCH_SMOKE === '1';
const out = smoke ? join(os.tmpdir(), 'omnidial-bench-smoke') : here;
const resultsDir = join(out, 'results');
const args = process.argv.slice(2);
const render = args.includes('--render');
const onlyAt = args.indexOf('--only');
const only = onlyAt === -1 ? [] : (args[onlyAt + 1] ?? '').split(',').filter((s) => s !== '');
const unknownArg = args.find(
  (arg, i) => arg !== '--render' && arg !== '--only' && !(i === onlyAt + 1 && onlyAt !== -1),
);
if (unknownArg !== undefined || (onlyAt !== -1 && only.length === 0)) {
  process.stderr.write('usage: tsx bench/run.ts [--only id,id,...] [--render]\n');
  process.exit(1);
}

const ids = readdirSync(join(here, 'src'))
  .filter((name) => name.endsWith('.bench.ts'))
  .map((name) => name.replace(/\.bench\.ts$/, ''))
  .sort();
const unknown = only.filter((id) => !ids.includes(id));
if (unknown.length > 0) {
  process.stderr.write(`no section ${unknown.join(', ')}; sections: ${ids.join(', ')}\n`);
  process.exit(1);
}

const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} threads), ${os.platform()} ${os.release()}`;
const command = `pnpm bench${only.length === 0 ? '' : ` --only ${only.join(',')}`}`;
mkdirSync(resultsDir, { recursive: true });

// Sampled before the first section starts any server: the load the bench found.
const before = os.loadavg()[0]!;
const root = benchRoot();
const cpus = os.cpus().length;
const chosen = render ? [] : only.length === 0 ? ids : only;
const modules = new Map<string, BenchModule>();
for (const id of chosen) {
  modules.set(id, (await import(pathToFileURL(join(here, 'src', `${id}.bench.ts`)).href)) as BenchModule);
}
// Each section starts the servers it uses and stops them (lib/services.ts); the sections that
// use none run first, so that no server a section does not use has run yet (ADR 0316).
const startsServers = (id: string): boolean => (modules.get(id)!.services ?? []).length > 0;
const order = [...chosen.filter((id) => !startsServers(id)), ...chosen.filter(startsServers)];
for (const id of order) {
  process.stderr.write(`[bench] ${id} (load ${os.loadavg()[0]!.toFixed(2)})...\n`);
  const start = os.loadavg()[0]!;
  const cpuStart = cpuSnapshot(root);
  const section = await modules.get(id)!.run();
  const cpuEnd = cpuSnapshot(root);
  const split = cpuStart && cpuEnd ? cpuShares(cpuStart, cpuEnd, cpus) : undefined;
  const round = (n: number): number => Math.round(n * 1000) / 1000;
  const shares = split ? { own: round(split.own), others: round(split.others) } : {};
  const record: SectionRecord = {
    id,
    ...section,
    machine,
    node: process.version,
    command,
    measuredAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    load: { start, end: os.loadavg()[0]!, cpus, before, ...shares },
  };
  writeFileSync(join(resultsDir, `${id}.json`), `${JSON.stringify(record, null, 1)}\n`);
  process.stderr.write(`${renderSection(record)}\n\n`);
}

const records = readdirSync(resultsDir)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => JSON.parse(readFileSync(join(resultsDir, name), 'utf8')) as SectionRecord)
  .filter((record) => ids.includes(record.id));
writeFileSync(join(out, 'RESULTS.md'), renderResults(records));
process.stderr.write(`[bench] wrote ${join(out, 'RESULTS.md')} (${records.length} sections)\n`);
// Servers or sockets a bench forgot to close must not keep the process alive.
process.exit(0);
