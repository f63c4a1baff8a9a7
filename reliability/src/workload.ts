import type { Connection } from '@omnidial/core';
import { sleep } from './stats.js';

/** What a {@link Workload} observed. */
export interface WorkloadFigures {
  /** Messages read. */
  received: number;
  /** Server-pushed `seq:<n>` numbers seen, and how many were skipped (lost in a crash) or repeated. */
  seqSeen: number;
  seqGaps: number;
  seqDuplicates: number;
  /** `write()` calls that resolved > 0, resolved 0 (disconnected) or rejected. */
  writesAccepted: number;
  writesZero: number;
  writeErrors: number;
  /** Our own `m:<n>` messages that came back (echo or broker loop-back), and repeats among them. */
  ownSeen: number;
  ownDuplicates: number;
  /** `m:<n>` numbers whose write was accepted but never came back. */
  ownMissing: number[];
  readErrors: number;
  disconnects: number;
  reconnects: number;
  giveups: number;
  /** `downtimeMs` of each `reconnect` event. */
  downtimes: number[];
  errors: string[];
}

/** A reader and a writer running against one connection until stopped. */
export interface Workload {
  /** Live figures. */
  readonly figures: WorkloadFigures;
  /** Accepted writes whose number has not come back yet. */
  pending(): number;
  /** Stops both loops (does not close the connection). */
  stop(): Promise<WorkloadFigures>;
}

/** Options of {@link startWorkload}. */
export interface WorkloadOptions {
  /** Milliseconds between writes; 0 = no writer. */
  writeEveryMs: number;
  /** Appended to each written message (tcp needs a newline to delimit). */
  suffix?: string;
}

/**
 * Runs a reader (`read(500)` in a loop) and a writer (`write("m:<n>")` every `writeEveryMs`)
 * against `conn`, counting what a user would care about across disconnects and reconnects.
 */
export function startWorkload(conn: Connection, options: WorkloadOptions): Workload {
  const f: WorkloadFigures = {
    received: 0,
    seqSeen: 0,
    seqGaps: 0,
    seqDuplicates: 0,
    writesAccepted: 0,
    writesZero: 0,
    writeErrors: 0,
    ownSeen: 0,
    ownDuplicates: 0,
    ownMissing: [],
    readErrors: 0,
    disconnects: 0,
    reconnects: 0,
    giveups: 0,
    downtimes: [],
    errors: [],
  };
  const accepted = new Set<number>();
  const seenOwn = new Set<number>();
  let lastSeq = -1;
  let carry = '';
  let running = true;
  const noteError = (error: unknown): void => {
    if (f.errors.length < 5) f.errors.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  };
  conn.on('disconnect', () => {
    f.disconnects += 1;
  });
  conn.on('reconnect', (info) => {
    f.reconnects += 1;
    f.downtimes.push(info.downtimeMs);
  });
  conn.on('giveup', () => {
    f.giveups += 1;
  });

  const scan = (line: string): void => {
    for (const m of line.matchAll(/seq:(\d+)/g)) {
      const n = Number(m[1]);
      f.seqSeen += 1;
      if (n <= lastSeq) f.seqDuplicates += 1;
      else if (lastSeq >= 0) f.seqGaps += n - lastSeq - 1;
      lastSeq = Math.max(lastSeq, n);
    }
    for (const m of line.matchAll(/(?:^|[^a-z])m:(\d+)/g)) {
      const n = Number(m[1]);
      if (seenOwn.has(n)) f.ownDuplicates += 1;
      else {
        seenOwn.add(n);
        f.ownSeen += 1;
        accepted.delete(n);
      }
    }
  };
  // Framed transports: one message is whole. Streams: split on newlines, keep the partial tail.
  const consume = (text: string): void => {
    if (options.suffix === undefined) return scan(text);
    const lines = (carry + text).split('\n');
    carry = lines.pop() ?? '';
    if (carry.length > 1000) carry = '';
    for (const line of lines) scan(line);
  };

  const reader = (async () => {
    while (running) {
      try {
        const message = await conn.read(500);
        if (message === null) continue;
        if (message === '') {
          carry = '';
          if (conn.state === 'closed') return;
          await sleep(20);
          continue;
        }
        f.received += 1;
        consume(typeof message === 'string' ? message : message.toString('utf8'));
      } catch (error) {
        f.readErrors += 1;
        noteError(error);
        await sleep(50);
      }
    }
  })();

  const writer = (async () => {
    for (let n = 0; running && options.writeEveryMs > 0; n += 1) {
      try {
        const bytes = await conn.write(`m:${n}${options.suffix ?? ''}`, 10_000);
        if (bytes > 0) {
          f.writesAccepted += 1;
          if (!seenOwn.has(n)) accepted.add(n);
        } else f.writesZero += 1;
      } catch (error) {
        f.writeErrors += 1;
        noteError(error);
      }
      await sleep(options.writeEveryMs);
    }
  })();

  return {
    figures: f,
    pending: () => accepted.size,
    async stop() {
      running = false;
      await Promise.all([reader, writer]);
      f.ownMissing = [...accepted].sort((a, b) => a - b);
      return f;
    },
  };
}
