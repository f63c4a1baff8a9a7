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

/** docs/mutation/<target>.json. */
export interface MutationFile {
  target: string;
  runs: { command: string; commit: string; at: string; seconds: number; files: number }[];
  files: Record<string, FileFigures>;
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
    lines.push(
      `| ${t.target} | **${score(files)} %** | ${sum(files, 'Killed')} | ${sum(files, 'Timeout')} | ${sum(files, 'Survived')} ` +
        `| ${sum(files, 'NoCoverage')} | ${errors} | ${files.length} | ${Math.round(seconds / 60)} min |`,
    );
  }
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
    const survivors = Object.entries(t.files).flatMap(([path, f]) => f.survivors.map((s) => `- ${path}:${s}`));
    if (survivors.length > 0) lines.push('', `Surviving mutants (${t.target}):`, '', ...survivors);
  }
  return lines.join('\n');
}
