/**
 * Prints the figure tables of docs/reliability.md from docs/reliability/long-*.json and
 * soak.json (`node --conditions=source --import tsx reliability/src/report.ts`), so the page
 * quotes the latest run verbatim.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';

const DIR = new URL('../../docs/reliability/', import.meta.url);
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const results: Record<string, Json> = {};
for (const file of readdirSync(DIR).filter((f) => /^long-.*\.json$/.test(f))) {
  Object.assign(results, (JSON.parse(readFileSync(new URL(file, DIR), 'utf8')) as Json).results);
}
const fmt = (n: unknown): string => (typeof n === 'number' && Number.isFinite(n) ? String(n) : n === null || n === undefined ? '—' : String(n));

const lines: string[] = ['### Server faults (long run)', '',
  '| transport | cycles | crashes | unhandled rejections | recovery p50 / p99 (ms) | unrecovered | lost (acked, unread) | duplicates | pushes lost in crash | writes accepted / 0 while down |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |'];
for (const [name, r] of Object.entries(results).filter(([n]) => n.startsWith('faults:'))) {
  if (!r.ok) { lines.push(`| ${name.slice(7)} | FAILED: ${String(r.error).split('\n')[0]} |`); continue; }
  const f = r.figures;
  if ('execOk' in f) {
    lines.push(`| ${f.name} (SQL) | ${f.cycles} | ${f.crashes} | ${f.unhandledRejections} | ${fmt(f.recoveryP50)} / ${fmt(f.recoveryP99)} | ${f.unrecovered} | n/a | n/a | n/a | exec ok ${f.execOk}, failed ${JSON.stringify(f.execFailed)}, non-DialError ${f.foreignErrors} |`);
  } else {
    const w = f.workload;
    lines.push(`| ${f.name} | ${f.cycles} | ${f.crashes} | ${f.unhandledRejections} | ${fmt(f.recoveryP50)} / ${fmt(f.recoveryP99)} | ${f.unrecovered} | ${f.lost}${['tcp', 'ws'].includes(f.name) ? ' (not acked: expected)' : ''} | ${f.duplicates} | ${f.seqGaps} | ${w.writesAccepted} / ${w.writesZero} |`);
  }
}
const a = results.addresses?.figures;
if (a) lines.push('', '### Generated addresses (long run)', '', `${a.checked} addresses: ${a.parsed} parsed, ${a.invalidArgument} InvalidArgument, ${a.unimplemented} Unimplemented, **${a.wrongTotal ?? a.wrong.length} other errors**${a.wrong.length > 0 ? ` (first: \`${a.wrong[0].error}\` for \`${a.wrong[0].address}\`)` : ''}, slowest ${a.slowestMs} ms.`);
const l = results.limits?.figures;
if (l) {
  lines.push('', '### Limits (long run, child processes)', '', '| probe | result | baseline RSS MB | peak RSS MB | notes |', '| --- | --- | --- | --- | --- |');
  for (const [name, p] of Object.entries(l as Json)) {
    const { baselineMb, peakRssMb, message, ...rest } = p as Json;
    void message;
    lines.push(`| ${name} | ${JSON.stringify(rest).replace(/[{}"]/g, '').replace(/,/g, ', ')} | ${fmt(baselineMb)} | ${fmt(peakRssMb)} | |`);
  }
}
const leakRuns = Object.entries(results).filter(([n, r]) => n.startsWith('leaks') && r.ok).flatMap(([, r]) => r.figures.results as Json[]);
// One row per transport: the run with the most cycles wins.
const byName = new Map<string, Json>();
for (const row of leakRuns) if ((byName.get(row.name)?.cycles ?? -1) < row.cycles) byName.set(row.name, row);
const leaks = byName.size > 0 ? [...byName.values()] : undefined;
if (leaks) {
  lines.push('', '### Leaks (long run, child process, --expose-gc)', '', '| transport | dial/close cycles | failures | seconds | heap before → after (MB) | extra active resources |', '| --- | --- | --- | --- | --- | --- |');
  for (const r of leaks) lines.push(`| ${r.name} | ${r.cycles} | ${r.failures} | ${r.seconds} | ${r.heapBeforeMb} → ${r.heapAfterMb} | ${JSON.stringify(r.extraResources)} |`);
}
if (existsSync(new URL('soak.json', DIR))) {
  const s = JSON.parse(readFileSync(new URL('soak.json', DIR), 'utf8')) as Json;
  const first = s.samples[0];
  const last = s.samples.at(-1);
  const peak = Math.max(...s.samples.map((x: Json) => x.rssMb));
  lines.push('', '### Soak', '', `${s.done ? 'Finished' : 'UNFINISHED (partial)'}: ${s.minutes} min from ${s.startedAt}, ${s.flaps} server crashes; RSS ${first.rssMb} MB at ${first.t} s → ${last.rssMb} MB at ${last.t} s (peak ${peak} MB), heap ${first.heapMb} → ${last.heapMb} MB; unhandled rejections ${s.guards.unhandledRejections}, uncaught exceptions ${s.guards.uncaughtExceptions}.`, '',
    '| link | received | reconnects | downtime p50 / p99 (ms) | writes accepted / 0 | echoes missing | duplicates | read/write errors |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const k of ['ws', 'tcp']) {
    const x = s[k] as Json;
    lines.push(`| ${k} | ${x.received} | ${x.reconnects} | ${fmt(x.downtimeP50)} / ${fmt(x.downtimeP99)} | ${x.writesAccepted} / ${x.writesZero} | ${x.ownMissing} | ${x.ownDuplicates + x.seqDuplicates} | ${x.readErrors} / ${x.writeErrors} |`);
  }
}
console.log(lines.join('\n'));
