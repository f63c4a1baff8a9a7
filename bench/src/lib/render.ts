/**
 * RESULTS.md from the section records in bench/results/*.json: a summary of every row below
 * its target first, then one section per record. Nothing in RESULTS.md is typed by hand.
 */
import { COVERAGE, RESAMPLES, ratioText } from './interval.js';
import { auto, markdownTable, num, ratioOf } from './rows.js';
import type { CompareRow, Load, Row, SectionRecord } from './types.js';

/**
 * Legacy rule, for records without a CPU split: 1-minute load average per hardware thread above
 * which a section is flagged busy. It counts the bench's own servers, so it flags nearly every run.
 */
export const BUSY_PER_CORE = 1;

/** Share of the machine's CPU time used by other processes above which a section is flagged busy. */
export const BUSY_OTHERS_SHARE = 0.25;

const perCore = (load: Load): number => Math.max(load.start, load.end) / load.cpus;

/**
 * True when other processes took more than {@link BUSY_OTHERS_SHARE} of the machine's CPU time
 * while the section ran; for a record without that figure, when the load average exceeded
 * {@link BUSY_PER_CORE} per hardware thread.
 */
export function busy(load: Load): boolean {
  if (load.others !== undefined) return load.others / load.cpus > BUSY_OTHERS_SHARE;
  return perCore(load) > BUSY_PER_CORE;
}

/** Why a section counts as busy, for the summary column: `yes (…)` or `no`. */
function busyCell(load: Load): string {
  if (!busy(load)) return 'no';
  if (load.others === undefined) return `yes (load ${perCore(load).toFixed(1)}/thread, own work included)`;
  return `yes (others ${load.others.toFixed(2)} of ${load.cpus} CPUs)`;
}

/** `below`, `ok` or empty (no target) for a comparison row. */
export function status(row: CompareRow): '' | 'ok' | 'below' {
  if (row.target === undefined) return '';
  return ratioOf(row) >= row.target ? 'ok' : 'below';
}

function cell(row: CompareRow, side: 'raw' | 'omni'): string {
  const s = row[side];
  if (s.runs <= 1) return `${auto(s.median)} ${row.unit}`;
  return `${auto(s.median)} ${row.unit} (${auto(s.min)}–${auto(s.max)})`;
}

function line(row: Row, loaded: boolean): string[] {
  if (row.kind === 'info') return [row.measure, row.raw, row.omni, '', '', row.note ?? ''];
  const verdict = status(row);
  const flag = verdict === 'below' ? '**below**' : verdict;
  const target = row.targetLabel ?? (row.target === undefined ? '' : `≥ ${row.target.toFixed(2)}×`);
  const remark = [flag, loaded && verdict !== '' ? 'busy machine' : '', row.note ?? ''].filter((s) => s !== '');
  return [row.measure, cell(row, 'raw'), cell(row, 'omni'), ratioText(ratioOf(row), row), target, remark.join('; ')];
}

function loadText(load: Load): string {
  const before = load.before === undefined ? '' : `, ${load.before.toFixed(2)} before the run`;
  const average = `load ${load.start.toFixed(2)} → ${load.end.toFixed(2)} on ${load.cpus} threads${before}`;
  if (load.others === undefined) {
    return busy(load)
      ? `${average} (**busy: above ${BUSY_PER_CORE} per thread**, the bench's own load included; figures less reliable)`
      : average;
  }
  const cpu = `CPUs used: bench ${load.own!.toFixed(2)}, other processes ${load.others.toFixed(2)}`;
  return busy(load)
    ? `${average}; ${cpu} (**busy: others above ${BUSY_OTHERS_SHARE * 100} % of the machine**, figures less reliable)`
    : `${average}; ${cpu}`;
}

/** One section's markdown. */
export function renderSection(record: SectionRecord): string {
  const loaded = busy(record.load);
  const table = [
    ['measure', record.baseline, 'omnidial', 'omnidial / raw (higher is better)', 'target', 'status'],
    ...record.rows.map((row) => line(row, loaded)),
  ];
  return [
    `## ${record.title}`,
    '',
    `_\`${record.id}\`: measured ${record.measuredAt}, ${loadText(record.load)}, node ${record.node}, by \`${record.command}\`_`,
    '',
    markdownTable(table),
    '',
    ...record.notes.map((note) => `- ${note}`),
  ].join('\n');
}

function summary(records: readonly SectionRecord[]): string {
  const below: string[][] = [];
  let targets = 0;
  for (const record of records) {
    for (const row of record.rows) {
      if (row.kind !== 'compare' || row.target === undefined) continue;
      targets += 1;
      if (status(row) === 'below') {
        below.push([
          record.id,
          row.measure,
          ratioText(ratioOf(row), row),
          row.targetLabel ?? `≥ ${row.target.toFixed(2)}×`,
          busyCell(record.load),
          row.note ?? '',
        ]);
      }
    }
  }
  const head = `${num(targets - below.length)} of ${num(targets)} rows with a target meet it; ${num(below.length)} below:`;
  if (below.length === 0) return `${num(targets)} rows with a target; all meet it.`;
  return `${head}\n\n${markdownTable([['section', 'measure', 'omnidial / raw', 'target', 'busy machine', 'note'], ...below])}`;
}

/** The whole RESULTS.md. */
export function renderResults(records: readonly SectionRecord[]): string {
  const sorted = [...records].sort((a, b) => a.id.localeCompare(b.id));
  const loads = sorted.map((r) => r.load);
  const busyCount = loads.filter(busy).length;
  return [
    '# omnidial benchmarks',
    '',
    '<!-- Generated by bench/run.ts from bench/results/*.json: do not edit by hand. -->',
    '',
    'Each transport against its raw client in the same run. Regenerate with `pnpm bench` (all sections) or',
    '`pnpm bench --only tcp,ws` (those sections; the others keep their last figures); `pnpm bench --render`',
    'rewrites this file from bench/results without measuring. Bench-only tools (websocat): `bash bench/scripts/setup.sh`.',
    "`pnpm bench` runs on Node 24, the newest line of the packages' `engines` (fetched once from the npm registry into",
    '~/.cache/omnidial-node; `OMNIDIAL_BENCH_NODE=22 pnpm bench` for the other line; ADR 0300); each section names its Node.',
    '',
    'How to read it: every figure is the **median of the runs, (lowest–highest)**; raw and omnidial run',
    'alternately, the order rotated each round, after a warm-up of each. The ratio is always **omnidial',
    'relative to raw, higher is better** (omni/raw for rates, raw/omni for times and sizes); the range after it',
    `is its ${COVERAGE * 100} % bootstrap interval (the runs resampled round by round, ${num(RESAMPLES)} times) where the`,
    "record kept every run: how precisely the section's runs fix the ratio (ADR 0319).",
    'Machine load: the 1-minute load average at the start and end of each section (and before the run',
    "started any server) counts the bench's own servers and workers, so it is shown but does not decide.",
    'A section that uses a test server starts it for itself and stops it when done (its start-up is in the',
    "section's own CPU figure); the sections that use none run first, with no test server up (ADR 0316).",
    'Every flood variant (stream, ws and broker throughput) runs in client processes of its own, as a plain',
    "JavaScript bundle on plain `node` that loads omnidial's built dist as a user's program does; the bench",
    'process itself runs under tsx (ADR 0320).',
    "What decides is the CPU time used while the section ran, split between the bench's process tree",
    '(run.ts, its forked servers and workers, the test servers the section started) and every other process:',
    `a section where other processes used more than ${BUSY_OTHERS_SHARE * 100} % of the machine's CPU time is flagged`,
    '"busy machine" and its ratios are indicative only; the targets are meant for a quiet machine. Sections',
    `recorded before that split was measured keep the old rule (load average above ${BUSY_PER_CORE} per thread).`,
    'Throughput targets: issue 15 sets them "with the batch API, and the per-message API reported next to it";',
    'where a section measures both, the readMany()/writeMany() row carries the target and the read()/write()',
    'row is reported beside it with the floor that bounds it (one promise or await per message).',
    '',
    `Sections: ${sorted.length}, ${busyCount} of them measured on a busy machine.`,
    '',
    '## Below target',
    '',
    summary(sorted),
    '',
    ...sorted.flatMap((record) => [renderSection(record), '']),
  ].join('\n');
}
