import { dial, isDialError, type Connection } from '@omnidial/core';
import { installGuards } from './guard.js';
import { percentile, sleep, waitFor } from './stats.js';
import { startWorkload, type WorkloadFigures } from './workload.js';

/** A server that {@link runServerFaults} crashes and restarts, and how to talk to it. */
export interface FaultTarget {
  /** Row name in the report, e.g. `tcp`, `mqtt qos1`. */
  readonly name: string;
  /** Dial address; must include `reconnect=true` (non-SQL). */
  readonly address: string;
  /** Crashes the server (brokers: SIGKILL of its process, no graceful signal). */
  kill(): Promise<unknown>;
  /** Stops the server gracefully; when given, every second cycle uses it instead of `kill()`. */
  stop?(): Promise<void>;
  /** Starts it again on the same port; resolves once it accepts. */
  start(): Promise<void>;
  /** Writer pace in ms (0 = no writer) and a suffix for stream framing. */
  readonly writeEveryMs: number;
  readonly suffix?: string;
  /** Acknowledging broker: an accepted write must come back (0 lost). */
  readonly atLeastOnce: boolean;
}

/** The figures of one transport's server-fault run (one row of docs/reliability.md). */
export interface ServerFaultFigures {
  name: string;
  cycles: number;
  /** How many cycles crashed the server (SIGKILL) and how many stopped it gracefully. */
  sigkills: number;
  gracefulStops: number;
  /** Uncaught exceptions during the run (must be 0). */
  crashes: number;
  unhandledRejections: number;
  /** Ms from "server accepting again" to the connection's `reconnect` event. */
  recoveryP50: number;
  recoveryP99: number;
  /** Cycles after which the connection did not come back within the limit. */
  unrecovered: number;
  /** Accepted writes that never came back (for at-least-once targets: must be 0). */
  lost: number;
  duplicates: number;
  /** Server pushes skipped (messages in flight when the server died; expected for tcp/ws). */
  seqGaps: number;
  workload: Omit<WorkloadFigures, 'ownMissing' | 'downtimes'>;
}

/** Run sizes. */
export interface FaultPlan {
  cycles: number;
  /** Traffic time before each crash, and how long the server stays down. */
  upMs: number;
  downMs: number;
  /** How long a reconnect may take before the cycle counts as unrecovered. */
  recoverLimitMs?: number;
  /** How long to wait at the end for accepted writes to come back. */
  drainMs?: number;
}

/** Takes the server down for cycle `cycle`: a crash, or every second cycle a graceful stop. */
async function takeDown(
  target: FaultTarget | SqlFaultTarget,
  cycle: number,
  counts: { sigkills: number; gracefulStops: number },
): Promise<void> {
  if (target.stop !== undefined && cycle % 2 === 1) {
    await target.stop();
    counts.gracefulStops += 1;
  } else {
    await target.kill();
    counts.sigkills += 1;
  }
}

/**
 * Crashes and restarts `target`'s server `plan.cycles` times while a reader and a writer run on
 * one `reconnect=true` connection, and returns the figures.
 */
export async function runServerFaults(target: FaultTarget, plan: FaultPlan): Promise<ServerFaultFigures> {
  const guards = installGuards();
  const before = { ...guards };
  const conn = await dial(target.address);
  let reconnectedAt = 0;
  conn.on('reconnect', () => {
    reconnectedAt = Date.now();
  });
  const load = startWorkload(conn, {
    writeEveryMs: target.writeEveryMs,
    ...(target.suffix === undefined ? {} : { suffix: target.suffix }),
  });
  const recoveries: number[] = [];
  let unrecovered = 0;
  const downs = { sigkills: 0, gracefulStops: 0 };
  try {
    for (let cycle = 0; cycle < plan.cycles; cycle += 1) {
      await sleep(plan.upMs);
      const reconnectsBefore = conn.stats().reconnects;
      await takeDown(target, cycle, downs);
      await sleep(plan.downMs);
      await target.start();
      const upAt = Date.now();
      const back = await waitFor(
        () => conn.stats().reconnects > reconnectsBefore && conn.state === 'open',
        plan.recoverLimitMs ?? 60_000,
      );
      if (back) recoveries.push(Math.max(0, reconnectedAt - upAt));
      else unrecovered += 1;
    }
    await sleep(plan.upMs);
    if (target.atLeastOnce) await waitFor(() => load.pending() === 0, plan.drainMs ?? 20_000, 100);
  } finally {
    await load.stop();
    await conn.close();
  }
  const { ownMissing, downtimes, ...workload } = load.figures;
  void downtimes;
  return {
    name: target.name,
    cycles: plan.cycles,
    ...downs,
    crashes: guards.uncaughtExceptions - before.uncaughtExceptions,
    unhandledRejections: guards.unhandledRejections - before.unhandledRejections,
    recoveryP50: percentile(recoveries, 50),
    recoveryP99: percentile(recoveries, 99),
    unrecovered,
    lost: ownMissing.length,
    duplicates: workload.ownDuplicates + workload.seqDuplicates,
    seqGaps: workload.seqGaps,
    workload,
  };
}

/** A database server that {@link runSqlFaults} stops and restarts. */
export interface SqlFaultTarget {
  readonly name: string;
  readonly address: string;
  /** Crashes the server (SIGKILL). */
  kill(): Promise<unknown>;
  /** Graceful stop; when given, every second cycle uses it. */
  stop?(): Promise<void>;
  start(): Promise<void>;
}

/** Figures of a database server-fault run. */
export interface SqlFaultFigures {
  name: string;
  cycles: number;
  sigkills: number;
  gracefulStops: number;
  crashes: number;
  unhandledRejections: number;
  execOk: number;
  /** Failed `exec()` calls by DialError code (outage: `Unavailable`/`Timeout` expected). */
  execFailed: Record<string, number>;
  /** Rejections that were not a DialError (must be 0). */
  foreignErrors: number;
  /** Ms from "server ready" to the first successful `exec()`. */
  recoveryP50: number;
  recoveryP99: number;
  unrecovered: number;
}

/**
 * Stops and restarts a database `plan.cycles` times while `SELECT 1` runs every 50 ms on one
 * connection (SQL drivers have no `reconnect` option: their pool re-opens on the next query).
 */
export async function runSqlFaults(target: SqlFaultTarget, plan: FaultPlan): Promise<SqlFaultFigures> {
  const guards = installGuards();
  const before = { ...guards };
  const conn: Connection = await dial(target.address);
  const figures: SqlFaultFigures = {
    name: target.name,
    cycles: plan.cycles,
    sigkills: 0,
    gracefulStops: 0,
    crashes: 0,
    unhandledRejections: 0,
    execOk: 0,
    execFailed: {},
    foreignErrors: 0,
    recoveryP50: Number.NaN,
    recoveryP99: Number.NaN,
    unrecovered: 0,
  };
  let lastOk = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        await conn.exec('SELECT 1');
        figures.execOk += 1;
        lastOk = Date.now();
      } catch (error) {
        if (isDialError(error)) figures.execFailed[error.code] = (figures.execFailed[error.code] ?? 0) + 1;
        else figures.foreignErrors += 1;
      }
      await sleep(50);
    }
  })();
  const recoveries: number[] = [];
  try {
    for (let cycle = 0; cycle < plan.cycles; cycle += 1) {
      await sleep(plan.upMs);
      await takeDown(target, cycle, figures);
      await sleep(plan.downMs);
      await target.start();
      const upAt = Date.now();
      if (await waitFor(() => lastOk >= upAt, plan.recoverLimitMs ?? 60_000)) recoveries.push(lastOk - upAt);
      else figures.unrecovered += 1;
    }
  } finally {
    running = false;
    await loop;
    await conn.close();
  }
  figures.recoveryP50 = percentile(recoveries, 50);
  figures.recoveryP99 = percentile(recoveries, 99);
  figures.crashes = guards.uncaughtExceptions - before.uncaughtExceptions;
  figures.unhandledRejections = guards.unhandledRejections - before.unhandledRejections;
  return figures;
}
