/**
 * Runs every `src/*.bench.ts` (or those whose name contains a CLI filter: `tsx bench/run.ts tcp`)
 * and writes RESULTS.md. A filtered run replaces only its sections and keeps the others.
 * Each bench file exports `run(): Promise<BenchSection>`; add a file to add a benchmark.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseSections, renderSection } from './src/lib/format.js';
import type { BenchModule } from './src/lib/types.js';

const here = dirname(fileURLToPath(import.meta.url));
const resultsFile = join(here, 'RESULTS.md');
const filters = process.argv.slice(2);

const files = readdirSync(join(here, 'src'))
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort();
if (files.length === 0) {
  process.stderr.write(`no bench file matches ${filters.join(', ')}\n`);
  process.exit(1);
}

const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} threads), ${os.platform()} ${os.release()}`;
const command = `tsx bench/run.ts${filters.length === 0 ? '' : ` ${filters.join(' ')}`}`;
const sections = existsSync(resultsFile) ? parseSections(readFileSync(resultsFile, 'utf8')) : new Map<string, string>();

for (const file of files) {
  const id = file.replace(/\.bench\.ts$/, '');
  process.stderr.write(`[bench] ${id}...\n`);
  const module = (await import(pathToFileURL(join(here, 'src', file)).href)) as BenchModule;
  const section = await module.run();
  sections.set(id, renderSection(id, section, `measured ${date} on ${machine}, node ${process.version}, by \`${command}\``));
  process.stderr.write(`${sections.get(id)}\n\n`);
}

const header = [
  '# omnidial benchmarks',
  '',
  'Each transport against its raw client, in the same run. Regenerate with `pnpm bench`',
  '(= `pnpm build && pnpm with-services -- tsx bench/run.ts`); `tsx bench/run.ts <filter>` reruns',
  'only the matching sections and keeps the others.',
  '',
  `- last run: ${date}`,
  `- machine: ${machine}`,
  `- node: ${process.version}`,
  `- command: \`${command}\``,
].join('\n');
const ordered = [...sections.keys()].sort().map((id) => sections.get(id)!);
writeFileSync(resultsFile, `${header}\n\n${ordered.join('\n\n')}\n`);
process.stderr.write(`[bench] wrote ${resultsFile}\n`);
// Servers or sockets a bench forgot to close must not keep the process alive.
process.exit(0);
