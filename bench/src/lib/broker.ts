import { alternate } from './alternate.js';
import { hasBatchApi, NO_BATCH } from './batch.js';
import type { MessagingResult } from './messaging.js';
import { compare, info, num, PER_MESSAGE, TARGET } from './rows.js';
import { interleavedRoundTrips, type EchoSide } from './round-trips.js';
import { RUNS } from './stats.js';
import type { Row } from './types.js';

/** One broker's bench: a raw run, and an omnidial run per-message or with the batch API. */
export interface BrokerPlan {
  count: number;
  rounds: number;
  payloadBytes: number;
  raw(): Promise<MessagingResult>;
  /**
   * The raw client consumed through its own async iterator (`for await`), where it has one: a
   * per-message `await` as `read()` has, the floor of any per-message async API (no round trips).
   */
  rawAsync?(): Promise<MessagingResult>;
  omni(batch: boolean): Promise<MessagingResult>;
  /**
   * Round trips, measured apart from the throughput runs: raw and omnidial interleaved round by
   * round (lib/round-trips.ts).
   */
  echo: { raw(): Promise<EchoSide>; omni(): Promise<EchoSide> };
}

/**
 * Runs raw, omnidial per-message and (when core has it) omnidial batch alternately, and turns
 * the series into rows: throughput of each omnidial API against raw, losses, round trip p50/p99.
 */
export async function brokerRows(plan: BrokerPlan): Promise<Row[]> {
  const batch = await hasBatchApi();
  const variants: Record<string, () => Promise<MessagingResult>> = { raw: plan.raw, omni: () => plan.omni(false) };
  if (batch) variants.many = () => plan.omni(true);
  if (plan.rawAsync !== undefined) variants.rawAsync = plan.rawAsync;
  const runs = await alternate(variants);
  const rate = (side: string): number[] => runs[side]!.map((r) => r.rate);
  const lost = (side: string): string => num(runs[side]!.reduce((sum, r) => sum + r.lost, 0));
  const what = `${num(plan.count)} × ${plan.payloadBytes} B`;
  const rows: Row[] = [
    compare(`throughput, ${what}, read()/write() per message`, 'msg/s', 'higher', rate('raw'), rate('omni'), {
      note:
        plan.rawAsync === undefined
          ? PER_MESSAGE
          : `${PER_MESSAGE}; the async iterator row gives the floor of an await per message`,
    }),
    ...(plan.rawAsync === undefined
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
      `messages lost, all ${RUNS} runs`,
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
export const ALTERNATION_NOTE = `Each figure: median (lowest–highest) of ${RUNS} runs per side after one warm-up run of each; raw and omnidial run alternately, the order rotated each round.`;
