/**
 * Generates the long-run and soak tables of docs/reliability.md (the `long` block) from
 * docs/reliability/long-*.json and soak.json, with the commit each was measured on.
 * `node --conditions=source --import tsx reliability/src/report.ts [--check]`; `--check` is part
 * of `pnpm docs:check` and fails when the page and the JSON disagree.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { generateTable } from './figure.js';

const DIR = new URL('../../docs/reliability/', import.meta.url);
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const fmt = (n: unknown): string =>
  typeof n === 'number' && Number.isFinite(n) ? String(n) : n === null || n === undefined ? '—' : String(n);
function verdict(r: Json): string {
  if (r.failures === undefined) return 'not checked (run before thresholds)';
  return r.ok ? 'pass' : `**FAIL**: ${(r.failures as string[]).join('; ')}`;
}

function faultRows(results: Record<string, Json>): string[] {
  const lines = [
    '### Server faults',
    '',
    'Brokers and databases: every other cycle is a crash (SIGKILL of the server process), the others graceful stops;',
    'tcp and ws: the loopback server resets every socket.',
    '',
    '| transport | cycles | SIGKILL / graceful | uncaught | unhandled rejections | recovery p50 / p99 (ms) | unrecovered | lost (acked, unread) | duplicates | pushes lost in crash | writes accepted / 0 while down | thresholds |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const [name, r] of Object.entries(results).filter(([n]) => n.startsWith('faults:'))) {
    const f = r.figures;
    if (f === undefined) {
      lines.push(`| ${name.slice(7)} | ${verdict(r)}: ${String(r.error).split('\n')[0]} |`);
      continue;
    }
    const downs = f.sigkills === undefined ? '—' : `${f.sigkills} / ${f.gracefulStops}`;
    const head = `| ${f.name}${'execOk' in f ? ' (SQL)' : ''} | ${f.cycles} | ${downs} | ${f.crashes} | ${f.unhandledRejections} | ${fmt(f.recoveryP50)} / ${fmt(f.recoveryP99)} | ${f.unrecovered}`;
    if ('execOk' in f) {
      lines.push(
        `${head} | n/a | n/a | n/a | exec ok ${f.execOk}, failed ${JSON.stringify(f.execFailed)}, non-DialError ${f.foreignErrors} | ${verdict(r)} |`,
      );
    } else {
      const expected = ['tcp', 'ws'].includes(f.name) ? ' (not acked: expected)' : '';
      lines.push(
        `${head} | ${f.lost}${expected} | ${f.duplicates} | ${f.seqGaps} | ${f.workload.writesAccepted} / ${f.workload.writesZero} | ${verdict(r)} |`,
      );
    }
  }
  return lines;
}

function addressRows(r: Json | undefined): string[] {
  const a = r?.figures;
  if (a === undefined) return [];
  const first = a.wrong.length > 0 ? ` (first: \`${a.wrong[0].error}\` for \`${a.wrong[0].address}\`)` : '';
  return [
    '',
    '### Generated addresses',
    '',
    `${a.checked} addresses: ${a.parsed} parsed, ${a.invalidArgument} InvalidArgument, ${a.unimplemented} Unimplemented, ` +
      `**${a.wrongTotal} other errors**${first}, slowest ${a.slowestMs} ms. Thresholds: ${verdict(r!)}.`,
  ];
}

function limitRows(r: Json | undefined): string[] {
  if (r?.figures === undefined) return [];
  const lines = [
    '',
    '### Limits (child processes)',
    '',
    `Thresholds: ${verdict(r)}.`,
    '',
    '| probe | result | baseline RSS MB | peak RSS MB |',
    '| --- | --- | --- | --- |',
  ];
  for (const [name, p] of Object.entries(r.figures as Json)) {
    const { baselineMb, peakRssMb, message, ...rest } = p as Json;
    void message;
    lines.push(
      `| ${name} | ${JSON.stringify(rest).replace(/[{}"]/g, '').replace(/,/g, ', ')} | ${fmt(baselineMb)} | ${fmt(peakRssMb)} |`,
    );
  }
  return lines;
}

function leakRows(results: Record<string, Json>): string[] {
  const runs = Object.entries(results).filter(([n]) => n.startsWith('leaks'));
  if (runs.length === 0) return [];
  const lines = [
    '',
    '### Leaks (child process, --expose-gc)',
    '',
    `Thresholds: ${runs.map(([n, r]) => `${n} ${verdict(r)}`).join(', ')}.`,
    '',
    '| transport | dial/close cycles | failures | seconds | heap before → after (MB) | handles above baseline | file descriptors before → after |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of runs.flatMap(([, r]) => (r.figures?.results ?? []) as Json[])) {
    lines.push(
      `| ${row.name} | ${row.cycles} | ${row.failures} | ${row.seconds} | ${row.heapBeforeMb} → ${row.heapAfterMb} | ${JSON.stringify(row.extraResources)} | ${fmt(row.fdsBefore)} → ${fmt(row.fdsAfter)} |`,
    );
  }
  return lines;
}

function soakRows(): string[] {
  if (!existsSync(new URL('soak.json', DIR))) return [];
  const s = JSON.parse(readFileSync(new URL('soak.json', DIR), 'utf8')) as Json;
  const first = s.samples[0];
  const last = s.samples.at(-1);
  const peak = Math.max(...s.samples.map((x: Json) => x.rssMb));
  const failures = (s.failures ?? []) as string[];
  const lines = [
    '',
    '### Soak',
    '',
    `Measured on commit \`${s.commit ?? 'unknown'}\`. ${s.done ? 'Finished' : 'UNFINISHED (partial)'}: ${s.minutes} min from ${s.startedAt}, ` +
      `${s.flaps} server crashes; RSS ${first.rssMb} MB at ${first.t} s → ${last.rssMb} MB at ${last.t} s (peak ${peak} MB), ` +
      `heap ${first.heapMb} → ${last.heapMb} MB; unhandled rejections ${s.guards.unhandledRejections}, ` +
      `uncaught exceptions ${s.guards.uncaughtExceptions}. Thresholds: ${failures.length === 0 ? 'pass' : `**FAIL**: ${failures.join('; ')}`}.`,
    '',
    '| link | received | reconnects | downtime p50 / p99 (ms) | writes accepted / 0 | echoes missing | duplicates | read/write errors |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const k of ['ws', 'tcp']) {
    const x = s[k] as Json;
    lines.push(
      `| ${k} | ${x.received} | ${x.reconnects} | ${fmt(x.downtimeP50)} / ${fmt(x.downtimeP99)} | ${x.writesAccepted} / ${x.writesZero} | ${x.ownMissing} | ${x.ownDuplicates + x.seqDuplicates} | ${x.readErrors} / ${x.writeErrors} |`,
    );
  }
  return lines;
}

/** The Markdown of the long-run and soak figures, from the JSON files. */
export function longTables(): string {
  const lanes = readdirSync(DIR)
    .filter((f) => /^long-.*\.json$/.test(f))
    .sort()
    .map((file) => JSON.parse(readFileSync(new URL(file, DIR), 'utf8')) as Json);
  // Files written before per-part commits carry one commit for the whole lane.
  const results: Record<string, Json> = Object.assign(
    {},
    ...lanes.map((lane) =>
      Object.fromEntries(
        Object.entries(lane.results as Json).map(([name, r]) => [
          name,
          { commit: lane.commit, measuredAt: lane.measuredAt, ...r },
        ]),
      ),
    ),
  );
  const measured = Object.entries(results).map(
    ([name, r]) => `${name} \`${r.commit ?? 'unknown'}\` ${r.measuredAt ?? '—'} (${r.seconds} s)`,
  );
  return [
    '<!-- generated by reliability/src/report.ts from docs/reliability/long-*.json and soak.json -->',
    '',
    `Measured (part, commit, start, duration): ${measured.join('; ')}.`,
    '',
    ...faultRows(results),
    ...addressRows(results.addresses),
    ...limitRows(results.limits),
    ...leakRows(results),
    ...soakRows(),
  ].join('\n');
}

generateTable('long', 'docs/reliability/long-*.json and soak.json', longTables());
