import type { Connection } from '@omnidial/core';
import { percentile, sleep, waitFor } from '../stats.js';
import { describeKill, emptyTally, LinkWatch, stalledSide, type KillRecord } from './kill-log.js';

/** One broker cluster under test and the node faults the runner may cause. */
export interface FailoverTarget {
  /** `nats`, `kafka` or `amqp` (for messages and the report). */
  readonly name: string;
  /** Opens the reading connection (multi-node address, reconnect on). */
  openReader(): Promise<Connection>;
  /** Opens the writing connection (acknowledged writes). */
  openWriter(): Promise<Connection>;
  /** Index of the node to kill in cycle `cycle`: one a connection of this process is attached to. */
  victim(cycle: number): Promise<number>;
  /** SIGKILLs node `index`. */
  kill(index: number): Promise<void>;
  /** Starts node `index` again and waits until it is ready. */
  start(index: number): Promise<void>;
  /** Every message the broker stored, when it can tell (Kafka): tells a lost write from a lost read. */
  stored?(): Promise<readonly string[]>;
}

/** Options of {@link runFailover}. */
export interface FailoverOptions {
  /** Nodes killed, one after another (the issue asks for 10 per broker). */
  readonly cycles: number;
  /** Messages written per second. */
  readonly rate: number;
  /** Steady running before the first kill and after each restart, ms. */
  readonly settleMs: number;
  /** Longest wait for reading and writing to resume after a kill, ms. */
  readonly recoverLimitMs: number;
  /** Longest wait, after the writer stops, for every acknowledged message to be read, ms. */
  readonly drainMs: number;
  /** Most writes awaiting their acknowledgement at once. */
  readonly maxInFlight?: number;
  /**
   * Longest wait for one write's acknowledgement, ms (default 10 000): a write to a node that
   * stopped answering rejects after it and is sent again, like a bot would (it may then be read twice).
   */
  readonly writeTimeoutMs?: number;
}

/** What one failover run measured. */
export interface FailoverFigures {
  readonly broker: string;
  readonly cycles: number;
  readonly rate: number;
  /** Writes that resolved (the broker acknowledged them). */
  readonly acknowledged: number;
  /** Writes that failed or resolved 0 and were sent again (each may become a duplicate). */
  readonly retried: number;
  readonly received: number;
  /** Acknowledged messages never read. */
  readonly lost: number;
  /** The first lost sequence numbers, as `a-b` ranges (for a report that can be chased). */
  readonly lostSample: readonly string[];
  /** Of the lost messages, those the broker has stored (so the reader, not the writer, lost them). */
  readonly lostButStored?: number;
  /** Reads of a message already read. */
  readonly duplicates: number;
  /** Kills after which reading or writing did not resume within the limit. */
  readonly unrecovered: number;
  /** Per kill: ms from SIGKILL until a write sent after it was acknowledged and a message sent after it was read. */
  readonly failoverMs: readonly number[];
  readonly failoverP50Ms: number;
  readonly failoverP99Ms: number;
  /** Every kill: the node, when the writer and the reader resumed, what each link went through. */
  readonly kills: readonly KillRecord[];
  readonly unhandledRejections: number;
}

/**
 * Runs a paced, acknowledged writer and a reader against a cluster while killing (SIGKILL) the
 * node a connection is attached to, `cycles` times, restarting it in between; then drains and
 * counts every acknowledged message that was never read.
 */
export async function runFailover(target: FailoverTarget, options: FailoverOptions): Promise<FailoverFigures> {
  let unhandledRejections = 0;
  const onUnhandled = (): void => void (unhandledRejections += 1);
  process.on('unhandledRejection', onUnhandled);
  const runId = Math.random().toString(36).slice(2, 8);
  const acked = new Set<number>();
  const seen = new Set<number>();
  let received = 0;
  let duplicates = 0;
  let retried = 0;
  /** Writes sent after `killedAt` count for the writer's recovery; the first one acknowledged sets `postKillAckAt`. */
  let killedAt = Number.POSITIVE_INFINITY;
  let postKillAckAt: number | undefined;
  let lastNewReadSeq = -1;
  const retry: number[] = [];
  let inFlight = 0;
  let next = 0;
  let writing = true;
  let reading = true;

  const reader = await target.openReader();
  const writer = await target.openWriter();
  const readLoop = (async () => {
    while (reading) {
      const data = await reader.read(200).catch(() => null);
      if (data === null) continue;
      const match = new RegExp(`^f:${runId}:(\\d+)$`).exec(String(data));
      if (match === null) continue;
      const seq = Number(match[1]);
      received += 1;
      if (seen.has(seq)) duplicates += 1;
      else seen.add(seq);
      if (seq > lastNewReadSeq) lastNewReadSeq = seq;
    }
  })();
  const writeTimeoutMs = options.writeTimeoutMs ?? 10_000;
  let tally = emptyTally();
  const send = (seq: number): void => {
    inFlight += 1;
    const sentAt = Date.now();
    writer.write(`f:${runId}:${seq}`, writeTimeoutMs).then(
      (n) => {
        inFlight -= 1;
        if (n > 0) {
          tally.acknowledged += 1;
          acked.add(seq);
          if (postKillAckAt === undefined && sentAt > killedAt) postKillAckAt = Date.now();
        } else {
          tally.zero += 1;
          retried += 1;
          retry.push(seq);
        }
      },
      (error: unknown) => {
        const code = (error as { code?: string }).code ?? 'other';
        tally.rejected[code] = (tally.rejected[code] ?? 0) + 1;
        inFlight -= 1;
        retried += 1;
        retry.push(seq);
      },
    );
  };
  const perTick = Math.max(1, Math.round(options.rate / 100));
  const maxInFlight = options.maxInFlight ?? 500;
  const writeLoop = (async () => {
    while (writing) {
      for (let i = 0; i < perTick && inFlight < maxInFlight; i++) send(retry.length > 0 ? retry.shift()! : next++);
      await sleep(10);
    }
  })();

  const failoverMs: number[] = [];
  const kills: KillRecord[] = [];
  let unrecovered = 0;
  try {
    await sleep(options.settleMs);
    for (let cycle = 0; cycle < options.cycles; cycle++) {
      const victim = await target.victim(cycle);
      const watches = { reader: new LinkWatch(reader), writer: new LinkWatch(writer) };
      await target.kill(victim);
      // Counted from when the node is known dead, so writes sent (and messages read) while the
      // kill request was under way cannot pass for a failover.
      killedAt = Date.now();
      postKillAckAt = undefined;
      tally = emptyTally();
      const firstSeqAfter = next;
      let writerResumedMs: number | null = null;
      let readerResumedMs: number | null = null;
      const resumed = await waitFor(
        () => {
          if (writerResumedMs === null && postKillAckAt !== undefined) writerResumedMs = postKillAckAt - killedAt;
          if (readerResumedMs === null && lastNewReadSeq >= firstSeqAfter) readerResumedMs = Date.now() - killedAt;
          return writerResumedMs !== null && readerResumedMs !== null;
        },
        options.recoverLimitMs,
        5,
      );
      if (resumed) failoverMs.push(Date.now() - killedAt);
      else unrecovered += 1;
      const trace = { reader: watches.reader.trace(), writer: watches.writer.trace() };
      const inFlightAtEnd = inFlight;
      const restartFrom = Date.now();
      await target.start(victim);
      const record: KillRecord = {
        cycle,
        victim,
        writerResumedMs,
        readerResumedMs,
        stalled: stalledSide(writerResumedMs, readerResumedMs),
        restartMs: Date.now() - restartFrom,
        ...trace,
        writes: { ...tally, inFlightAtEnd },
      };
      kills.push(record);
      console.info(`[clusters] ${target.name} ${describeKill(record)}`);
      await sleep(options.settleMs);
    }
  } finally {
    writing = false;
    await writeLoop;
    const drainEnd = Date.now() + options.drainMs;
    while ((retry.length > 0 || inFlight > 0) && Date.now() < drainEnd) {
      while (retry.length > 0 && inFlight < maxInFlight) send(retry.shift()!);
      await sleep(10);
    }
    await waitFor(() => [...acked].every((seq) => seen.has(seq)), options.drainMs, 100);
    reading = false;
    await readLoop;
    await Promise.all([reader.close(), writer.close()]);
    process.off('unhandledRejection', onUnhandled);
  }
  const lostSeqs = [...acked].filter((seq) => !seen.has(seq)).sort((a, b) => a - b);
  const lost = lostSeqs.length;
  let lostButStored: number | undefined;
  if (lost > 0 && target.stored) {
    const stored = new Set(await target.stored());
    console.info(`[clusters] ${target.name}: the broker stores ${stored.size} messages of this run`);
    lostButStored = lostSeqs.filter((seq) => stored.has(`f:${runId}:${seq}`)).length;
  }
  return {
    broker: target.name,
    cycles: options.cycles,
    rate: options.rate,
    acknowledged: acked.size,
    retried,
    received,
    lost,
    lostSample: ranges(lostSeqs).slice(0, 10),
    ...(lostButStored === undefined ? {} : { lostButStored }),
    duplicates,
    unrecovered,
    failoverMs,
    failoverP50Ms: percentile(failoverMs, 50),
    failoverP99Ms: percentile(failoverMs, 99),
    kills,
    unhandledRejections,
  };
}

/** `[1,2,3,7]` → `['1-3', '7']`. */
function ranges(sorted: readonly number[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    out.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return out;
}
