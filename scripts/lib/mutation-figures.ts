// Mutation figures (ADR 0103): Stryker's JSON report folded into per-file counts, and the
// Markdown of docs/mutation.md rendered from docs/mutation/<target>.json.
import { existsSync, readFileSync, readdirSync } from 'node:fs';

/** The part of Stryker's JSON report (mutation-testing-report-schema) used here. */
export interface StrykerReport {
  files: Record<
    string,
    {
      mutants: {
        mutatorName: string;
        replacement?: string;
        status: string;
        location: { start: { line: number; column: number } };
      }[];
    }
  >;
}

/** One file's outcome: counts by Stryker status and the surviving / uncovered mutants. */
export interface FileFigures {
  counts: Record<string, number>;
  survivors: string[];
}

/**
 * docs/mutation/<target>.json. A key of `files` is a source path, or `path:start-end` for a chunk
 * of lines run on its own (`--mutate 'file.ts:1-60'`). `sources` is every file Stryker would
 * mutate in a whole-package run, with its number of mutants, as counted at the latest run.
 */
export interface MutationFile {
  target: string;
  runs: { command: string; commit: string; at: string; seconds: number; files: number }[];
  files: Record<string, FileFigures>;
  sources?: Record<string, number>;
}

/** The line range of a `--mutate` pattern naming one file (`file.ts:10-60`), as Stryker reads it. */
export function lineRange(mutate: string): { path: string; start: number; end: number } | undefined {
  const match = /^([^*?{}[\]!]+):(\d+)-(\d+)$/.exec(mutate);
  return match === null ? undefined : { path: match[1]!, start: Number(match[2]), end: Number(match[3]) };
}

/** The source path of a `files` key (a chunk key without its `:start-end`). */
const pathOf = (key: string): string => key.replace(/:\d+-\d+$/, '');

/**
 * Folds one run's figures into those kept. A whole-file run replaces the file and every chunk of
 * it; a run of a line range (`mutate` is `file.ts:start-end`) is kept as the chunk
 * `file.ts:start-end`, replacing the chunks it overlaps and a whole-file figure of that file
 * (which holds some of the same mutants, measured before).
 */
export function foldFigures(
  kept: Record<string, FileFigures>,
  fresh: Record<string, FileFigures>,
  mutate: string | undefined,
): Record<string, FileFigures> {
  const range = mutate === undefined ? undefined : lineRange(mutate);
  const out: Record<string, FileFigures> = {};
  for (const [key, figures] of Object.entries(kept)) {
    const path = pathOf(key);
    if (range === undefined ? path in fresh : path === range.path && overlaps(key, range)) continue;
    out[key] = figures;
  }
  for (const [path, figures] of Object.entries(fresh))
    out[range !== undefined && path === range.path ? `${path}:${range.start}-${range.end}` : path] = figures;
  return out;
}

function overlaps(key: string, range: { start: number; end: number }): boolean {
  const match = /:(\d+)-(\d+)$/.exec(key);
  return match === null || (Number(match[1]) <= range.end && Number(match[2]) >= range.start);
}

/** Counts per file of a Stryker report, with each survivor as `line:column mutator → replacement`. */
export function fileFigures(report: StrykerReport): Record<string, FileFigures> {
  const out: Record<string, FileFigures> = {};
  for (const [path, { mutants }] of Object.entries(report.files)) {
    const counts: Record<string, number> = {};
    const survivors: string[] = [];
    for (const m of mutants) {
      counts[m.status] = (counts[m.status] ?? 0) + 1;
      if (m.status === 'Survived' || m.status === 'NoCoverage') {
        const replacement = (m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 60);
        survivors.push(
          `${m.location.start.line}:${m.location.start.column} ${m.status} ${m.mutatorName} → \`${replacement}\``,
        );
      }
    }
    out[path.replace(/\\/g, '/')] = { counts, survivors };
  }
  return out;
}

const sum = (files: readonly FileFigures[], status: string): number =>
  files.reduce((n, f) => n + (f.counts[status] ?? 0), 0);

/** Mutation score as Stryker defines it: detected / (detected + undetected), in %. */
export function score(files: readonly FileFigures[]): number {
  const detected = sum(files, 'Killed') + sum(files, 'Timeout');
  const valid = detected + sum(files, 'Survived') + sum(files, 'NoCoverage');
  return valid === 0 ? Number.NaN : Math.round((detected / valid) * 1000) / 10;
}

/** Reads every docs/mutation/<target>.json. */
export function readMutationFiles(dir: URL): MutationFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as MutationFile);
}

/** The generated part of docs/mutation.md: scores per target, the runs, and per-file counts. */
export function mutationTables(targets: readonly MutationFile[]): string {
  const lines = [
    '| package | score | killed | timeout | survived | no coverage | compile/runtime errors | files | run time |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const t of targets) {
    const files = Object.values(t.files);
    const errors = sum(files, 'CompileError') + sum(files, 'RuntimeError');
    const seconds = t.runs.reduce((n, r) => n + r.seconds, 0);
    const paths = new Set(Object.keys(t.files).map(pathOf)).size;
    lines.push(
      `| ${t.target} | **${score(files)} %** | ${sum(files, 'Killed')} | ${sum(files, 'Timeout')} | ${sum(files, 'Survived')} ` +
        `| ${sum(files, 'NoCoverage')} | ${errors} | ${paths} | ${Math.round(seconds / 60)} min |`,
    );
  }
  for (const t of targets) if (t.sources !== undefined) lines.push('', measuredShare(t, t.sources));
  lines.push('', '### Runs', '', '| command | commit | started | seconds | files |', '| --- | --- | --- | --- | --- |');
  for (const t of targets)
    for (const r of t.runs) lines.push(`| \`${r.command}\` | \`${r.commit}\` | ${r.at} | ${r.seconds} | ${r.files} |`);
  for (const t of targets) {
    lines.push(
      '',
      `### ${t.target}: per file`,
      '',
      '| file | score | killed + timeout | survived | no coverage |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const [path, f] of Object.entries(t.files).sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(
        `| ${path} | ${score([f])} % | ${sum([f], 'Killed') + sum([f], 'Timeout')} | ${sum([f], 'Survived')} | ${sum([f], 'NoCoverage')} |`,
      );
    }
    const survivors = Object.entries(t.files).flatMap(([key, f]) => f.survivors.map((s) => `- ${pathOf(key)}:${s}`));
    if (survivors.length > 0) lines.push('', `Surviving mutants (${t.target}):`, '', ...survivors);
  }
  return lines.join('\n');
}

/**
 * How much of the package the figures cover: the mutants of the runs kept against every mutant
 * Stryker finds in the package (counted at the latest run), and the files not measured at all.
 */
function measuredShare(t: MutationFile, sources: Record<string, number>): string {
  const total = Object.values(sources).reduce((n, m) => n + m, 0);
  const measured = Object.values(t.files).reduce(
    (n, f) => n + Object.entries(f.counts).reduce((k, [status, c]) => k + (status === 'Ignored' ? 0 : c), 0),
    0,
  );
  const keys = Object.keys(t.files);
  const unmeasured = Object.entries(sources)
    .filter(([path, mutants]) => mutants > 0 && !keys.some((k) => pathOf(k) === path))
    .sort(([a], [b]) => a.localeCompare(b));
  const withMutants = Object.values(sources).filter((m) => m > 0).length;
  return (
    `**${t.target}, share measured**: ${measured} of ${total} mutants (${Math.round((measured / total) * 1000) / 10} %), ` +
    `${withMutants - unmeasured.length} of ${withMutants} files that have mutants. Not measured: ` +
    (unmeasured.length === 0 ? 'none.' : `${unmeasured.map(([p, m]) => `\`${p}\` (${m})`).join(', ')}.`)
  );
}
