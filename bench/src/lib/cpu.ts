/**
 * Who used the CPU while a section ran: the bench itself (run.ts, its forked servers and workers,
 * and the test servers it started or, under `pnpm with-services`, talks to) or other processes.
 * The 1-minute load average cannot tell them apart — the bench's own servers raise it — so the
 * busy-machine flag is decided on the other processes' share (Linux /proc; elsewhere unknown).
 */
import { readdirSync, readFileSync } from 'node:fs';

/** CPU counters at one moment, in clock ticks (the unit /proc/stat and /proc/<pid>/stat share). */
export interface CpuSnapshot {
  /** Non-idle ticks of all CPUs together (user, nice, system, irq, softirq, steal). */
  busy: number;
  /** All ticks of all CPUs together, idle and iowait included. */
  total: number;
  /** Ticks of the bench's process tree, exited and waited-for children included. */
  own: number;
}

/** Average CPUs in use during an interval, split by whose work it was. */
export interface CpuShares {
  /** CPUs used by the bench's process tree (up to `cpus`). */
  own: number;
  /** CPUs used by every other process on the machine. */
  others: number;
}

/** One process of /proc: its parent and its CPU ticks (its own plus its waited-for children's). */
export interface ProcEntry {
  pid: number;
  ppid: number;
  ticks: number;
}

/** The CPUs used by the bench and by the rest of the machine between two snapshots. */
export function cpuShares(before: CpuSnapshot, after: CpuSnapshot, cpus: number): CpuShares {
  const total = after.total - before.total;
  if (total <= 0) return { own: 0, others: 0 };
  const busy = Math.max(0, after.busy - before.busy);
  // A tree member that exited without being waited for takes its ticks away: never below zero.
  const own = Math.min(busy, Math.max(0, after.own - before.own));
  return { own: (own / total) * cpus, others: ((busy - own) / total) * cpus };
}

/** Sum of the ticks of `root` and every process below it. */
export function treeTicks(procs: readonly ProcEntry[], root: number): number {
  const children = new Map<number, ProcEntry[]>();
  for (const proc of procs) children.set(proc.ppid, [...(children.get(proc.ppid) ?? []), proc]);
  let sum = 0;
  const stack = procs.filter((proc) => proc.pid === root);
  while (stack.length > 0) {
    const proc = stack.pop()!;
    sum += proc.ticks;
    stack.push(...(children.get(proc.pid) ?? []));
  }
  return sum;
}

/** Parses `/proc/<pid>/stat`: utime + stime + cutime + cstime (fields 14–17). */
export function parseProcStat(text: string): ProcEntry | undefined {
  const close = text.lastIndexOf(')');
  if (close === -1) return undefined;
  const pid = Number(text.slice(0, text.indexOf(' ')));
  // Fields after the command name start at field 3 (state); ppid is field 4.
  const fields = text.slice(close + 2).split(' ');
  const at = (field: number): number => Number(fields[field - 3]);
  const ticks = at(14) + at(15) + at(16) + at(17);
  return Number.isFinite(pid) && Number.isFinite(ticks) ? { pid, ppid: at(4), ticks } : undefined;
}

const readOr = (file: string): string => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return ''; // a process that exited between listing and reading
  }
};

function processes(): ProcEntry[] {
  const entries: ProcEntry[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const entry = parseProcStat(readOr(`/proc/${name}/stat`));
    if (entry !== undefined) entries.push(entry);
  }
  return entries;
}

/**
 * The root of the bench's process tree: the outermost ancestor running `pnpm with-services`
 * (its service servers are the bench's load too), else this process.
 */
export function benchRoot(): number {
  let root = process.pid;
  for (let pid = process.ppid; pid > 1;) {
    if (readOr(`/proc/${pid}/cmdline`).includes('test-infra/src/cli.ts')) root = pid;
    const entry = parseProcStat(readOr(`/proc/${pid}/stat`));
    if (entry === undefined) break;
    pid = entry.ppid;
  }
  return root;
}

/** The counters now, or undefined where /proc is missing (not Linux). */
export function cpuSnapshot(root: number): CpuSnapshot | undefined {
  const line = readOr('/proc/stat').split('\n')[0] ?? '';
  if (!line.startsWith('cpu ')) return undefined;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = user! + nice! + system! + irq! + softirq! + (steal ?? 0);
  return { busy, total: busy + idle! + iowait!, own: treeTicks(processes(), root) };
}
