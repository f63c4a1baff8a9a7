/** Process-wide counts of failures that would crash or haunt a long-running bot. */
export interface GuardCounts {
  unhandledRejections: number;
  uncaughtExceptions: number;
  /** The first few reasons, as text, for the report. */
  samples: string[];
}

const counts: GuardCounts = { unhandledRejections: 0, uncaughtExceptions: 0, samples: [] };
let installed = false;

/**
 * Installs `unhandledRejection` / `uncaughtException` counters once per process (idempotent)
 * and returns the live counts. An uncaught exception is counted instead of crashing, so a run
 * reports every one of them rather than dying at the first.
 */
export function installGuards(): GuardCounts {
  if (installed) return counts;
  installed = true;
  const note = (kind: string, reason: unknown): void => {
    if (counts.samples.length < 10)
      counts.samples.push(`${kind}: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
  };
  process.on('unhandledRejection', (reason) => {
    counts.unhandledRejections += 1;
    note('unhandledRejection', reason);
  });
  process.on('uncaughtException', (error) => {
    counts.uncaughtExceptions += 1;
    note('uncaughtException', error);
  });
  return counts;
}

/** A copy of the counts now, to diff against later. */
export function snapshotGuards(): GuardCounts {
  return { ...installGuards(), samples: [...counts.samples] };
}
