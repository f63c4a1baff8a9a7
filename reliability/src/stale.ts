/**
 * Which committed reliability records describe older code (issue #11): a record is stale when a
 * commit after the one it was measured on changed `packages/core/src` or the source of a driver
 * the part exercises. Prints one line per record and what to re-run; informational (exit 0).
 *
 * Run: `pnpm reliability:stale` (= `node --conditions=source --import tsx reliability/src/stale.ts`).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIR = new URL('../../docs/reliability/', import.meta.url);

const NET = 'transport-net';
const WS = 'transport-ws';
const DRIVERS: Record<string, string[]> = {
  tcp: [NET],
  ws: [WS],
  mqtt: ['mq-mqtt'],
  nats: ['mq-nats'],
  amqp: ['mq-amqp'],
  kafka: ['mq-kafka'],
  postgres: ['db-postgres'],
  mysql: ['db-mysql'],
  clickhouse: ['db-clickhouse'],
};
const ALL = [...new Set(Object.values(DRIVERS).flat()), 'db-sqlite'];

/** The driver packages a record's part exercises (besides core). */
export function driversOf(part: string): string[] {
  const [kind, target] = part.split(':');
  if (kind === 'faults') return DRIVERS[target ?? ''] ?? ALL;
  if (part === 'addresses') return ALL;
  if (part === 'leaks') return ALL.filter((d) => !['mq-amqp', 'mq-kafka', 'db-sqlite'].includes(d));
  if (part === 'leaks:slow') return ['mq-amqp', 'mq-kafka'];
  if (part === 'flapping') return [NET];
  return [NET, WS]; // limits, overflow, soak
}

/** One committed record: the part it measured and the commit it was measured on. */
export interface MeasuredRecord {
  file: string;
  part: string;
  commit: string | undefined;
}

/** The records of docs/reliability/: long-run parts, the soak and the single-figure files. */
export function committedRecords(): MeasuredRecord[] {
  const records: MeasuredRecord[] = [];
  for (const file of readdirSync(DIR).filter((name) => name.endsWith('.json'))) {
    const json = JSON.parse(readFileSync(new URL(file, DIR), 'utf8')) as {
      commit?: string;
      results?: Record<string, { commit?: string }>;
    };
    if (file.startsWith('long-') && json.results !== undefined) {
      for (const [part, entry] of Object.entries(json.results))
        records.push({ file, part, commit: entry.commit ?? json.commit });
    } else if (file !== 'clusters.json' && file !== 'amqp-without-confirm.json') {
      records.push({ file, part: file.replace(/\.json$/, ''), commit: json.commit });
    }
  }
  return records;
}

/**
 * The commits after `record.commit` that changed core or the record's drivers (`changedSince`
 * lists them for a commit and paths); a record without a usable commit is always stale.
 */
export function staleness(
  record: MeasuredRecord,
  changedSince: (commit: string, paths: string[]) => string[],
): string[] | 'no commit' {
  const commit = record.commit?.replace(/\+changes$/, '');
  if (commit === undefined || commit === 'unknown' || record.commit !== commit) return 'no commit';
  return changedSince(commit, ['packages/core/src', ...driversOf(record.part).map((d) => `packages/${d}/src`)]);
}

/**
 * The commits (short ids, newest first) after `commit` up to HEAD that changed any of `paths`
 * (relative to the repository's top, whatever `cwd` is).
 */
export function gitChangedSince(commit: string, paths: string[], cwd = process.cwd()): string[] {
  // `:/` roots each path at the repository's top, whatever folder the script runs from (pnpm
  // runs it from reliability/, where a bare `packages/core/src` matched nothing).
  const rooted = paths.map((path) => `:/${path}`);
  const out = execFileSync('git', ['log', '--format=%h', `${commit}..HEAD`, '--', ...rooted], {
    cwd,
    encoding: 'utf8',
  });
  return out.split('\n').filter((line) => line !== '');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const record of committedRecords()) {
    const stale = staleness(record, gitChangedSince);
    const verdict =
      stale === 'no commit'
        ? 'STALE (no clean measured commit)'
        : stale.length === 0
          ? 'current'
          : `STALE (${stale.length} later commits to core or its drivers, newest ${stale[0]})`;
    console.log(`${record.file} ${record.part} @ ${record.commit ?? '—'}: ${verdict}`);
  }
}
