import { hasBatchApi, NO_BATCH } from './batch.js';
import type { MessagingResult } from './messaging.js';
import { FLOOD_SETS_NOTE, floodsInOwnProcesses } from './own-process.js';
import { compare, info, num, PER_MESSAGE, TARGET } from './rows.js';
import { interleavedRoundTrips, type EchoSide } from './round-trips.js';
import { FLOOD_RUNS, RUNS } from './stats.js';
import type { Row } from './types.js';

/**
 * A broker section's throughput variants, as its module exports them (`floods`). Each runs in a
 * process of its own (ADR 0318), which imports the module again: the variants find their server
 * in test-infra's `OMNIDIAL_TEST_*` variables.
 */
export interface BrokerThroughput {
  /** Raw produce/publish → consume, decoding each message as `read()` does. */
  raw(): Promise<MessagingResult>;
  /**
   * The raw client consumed through its own async iterator (`for await`), where it has one: a
   * per-message `await` as `read()` has, the floor of any per-message async API (no round trips).
   */
  rawAsync?(): Promise<MessagingResult>;
  /** omnidial with `read()` / `write()` per message. */
  omni(): Promise<MessagingResult>;
  /** omnidial with `readMany()` / `writeMany()`. */
  many(): Promise<MessagingResult>;
}

/** One broker's bench: its throughput variants, and its round-trip sides. */
export interface BrokerPlan {
  count: number;
  rounds: number;
  payloadBytes: number;
  /** The section module's URL (`import.meta.url`); it exports `floods`. */
  module: string;
  floods: BrokerThroughput;
  /**
   * Round trips, measured apart from the throughput runs: raw and omnidial interleaved round by
   * round (lib/round-trips.ts).
   */
  echo: { raw(): Promise<EchoSide>; omni(): Promise<EchoSide> };
}

/**
 * Runs raw, omnidial per-message and (when core has it) omnidial batch alternately, each in a
 * process of its own, and turns the series into rows: throughput of each omnidial API against raw, losses, round trip p50/p99.
 */
export async function brokerRows(plan: BrokerPlan): Promise<Row[]> {
  const batch = await hasBatchApi();
  const names = Object.keys(plan.floods).filter((name) => batch || name !== 'many');
  const runs = await floodsInOwnProcesses<MessagingResult>('broker', { module: plan.module }, names);
  const rate = (side: string): number[] => runs[side]!.map((r) => r.rate);
  const lost = (side: string): string => num(runs[side]!.reduce((sum, r) => sum + r.lost, 0));
  const what = `${num(plan.count)} × ${plan.payloadBytes} B`;
  const rows: Row[] = [
    compare(`throughput, ${what}, read()/write() per message`, 'msg/s', 'higher', rate('raw'), rate('omni'), {
      note:
        plan.floods.rawAsync === undefined
          ? PER_MESSAGE
          : `${PER_MESSAGE}; the async iterator row gives the floor of an await per message`,
    }),
    ...(plan.floods.rawAsync === undefined
      ? []
      : [
          compare(
            `throughput, ${what}, read()/write() per message vs raw read with its async iterator (async vs async; in the baseline column)`,
            'msg/s',
            'higher',
            rate('rawAsync'),
            rate('omni'),
            { note: PER_MESSAGE },
          ),
        ]),
    batch
      ? compare(`throughput, ${what}, readMany()/writeMany()`, 'msg/s', 'higher', rate('raw'), rate('many'), {
          target: TARGET,
        })
      : info(`throughput, ${what}, readMany()/writeMany()`, '', NO_BATCH, 'slot: measured once core has the batch API'),
    info(
      `messages lost, all ${FLOOD_RUNS} runs`,
      lost('raw'),
      batch ? `${lost('omni')} / ${lost('many')} (batch)` : lost('omni'),
    ),
  ];
  if (plan.rounds > 0) {
    const rtt = await interleavedRoundTrips(plan.echo, plan.rounds, 1);
    const p = (side: 'raw' | 'omni', key: 'p50' | 'p99'): number[] => rtt[side].map((r) => r[key]);
    rows.push(
      compare(`round trip p50, ${num(plan.rounds)} rounds`, 'ms', 'lower', p('raw', 'p50'), p('omni', 'p50'), {
        target: TARGET,
      }),
      compare('round trip p99', 'ms', 'lower', p('raw', 'p99'), p('omni', 'p99')),
    );
  }
  return rows;
}

/** The note every broker section shares on how its runs alternate. */
export const ALTERNATION_NOTE = `Each figure: median (lowest–highest); raw and omnidial run alternately, the order rotated each round. Throughput: ${FLOOD_SETS_NOTE}; each variant runs in client processes of its own (ADR 0318), each of which runs every variant once before its first run and one untimed flood before each timed one. Round trips: ${RUNS} runs per side after one warm-up run of each, in the bench process.`;
