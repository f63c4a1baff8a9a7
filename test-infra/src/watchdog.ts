import fs from 'node:fs';

/** Parent pid of `pid` from /proc, or undefined when the process is gone (or /proc is missing). */
function parentOf(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Format: "pid (comm) state ppid ..."; comm may contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return undefined;
  }
}

/**
 * Calls `onOrphaned` once if any process in our ancestor chain dies (a process whose parent
 * dies is re-parented, so its ppid changes). `pnpm` does not forward SIGTERM to the script it
 * runs; this lets the harness clean up anyway when pnpm (or the CI step) is killed.
 * Linux only (reads /proc); a no-op elsewhere. Returns a function that stops watching.
 */
export function watchAncestors(onOrphaned: () => void, intervalMs = 1000): () => void {
  const chain: Array<{ pid: number; ppid: number }> = [];
  let pid = process.pid;
  for (let i = 0; i < 32; i++) {
    const ppid = parentOf(pid);
    if (ppid === undefined || ppid <= 1) break;
    chain.push({ pid, ppid });
    pid = ppid;
  }
  if (chain.length === 0) return () => undefined;
  const timer = setInterval(() => {
    if (chain.some((link) => parentOf(link.pid) !== link.ppid)) {
      clearInterval(timer);
      onOrphaned();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
