/**
 * The shared body of the ws and wss sections: flood throughput (plain and gzip frames) and
 * echo round trips, omnidial against the raw `ws` client doing the same work.
 */
import { fileURLToPath } from 'node:url';
import { hasBatchApi, NO_BATCH } from './batch.js';
import { startChild, type Child } from './child.js';
import { FLOOD_SETS_NOTE, floodsInOwnProcesses } from './own-process.js';
import { compare, info, num, PER_MESSAGE, TARGET } from './rows.js';
import { interleavedRoundTrips } from './round-trips.js';
import { RUNS, scaled } from './stats.js';
import type { Row } from './types.js';
import type { WsFloodVariant } from './flood-client.js';
import { FLOOD, omniEchoSide, rawEchoSide, TICK, type WsTarget } from './ws-measure.js';

const ECHOES = scaled(2_000);

/** Starts the ws server child (wss when `pki` is given). */
export function wsServer(pki?: { certFile: string; keyFile: string }): Promise<Child<{ port: number }>> {
  const script = fileURLToPath(new URL('./ws-server.mjs', import.meta.url));
  return startChild<{ port: number }>(script, [TICK, ...(pki === undefined ? [] : [pki.certFile, pki.keyFile])]);
}

/** Flood and echo rows for `target`. */
export async function wsRows(target: WsTarget): Promise<Row[]> {
  const rows: Row[] = [];
  const batch = await hasBatchApi();
  for (const kind of ['plain', 'gzip'] as const) {
    const names: WsFloodVariant[] = batch ? ['raw', 'omni', 'many'] : ['raw', 'omni'];
    const runs = await floodsInOwnProcesses<number, WsFloodVariant>('ws', { target, kind }, names);
    const what = `flood ${num(FLOOD)} × ${TICK.length} B${kind === 'gzip' ? ', gzip frames' : ''}`;
    rows.push(
      compare(
        `${what}, read()`,
        'msg/s',
        'higher',
        runs.raw!,
        runs.omni!,
        batch ? { note: PER_MESSAGE } : { target: TARGET },
      ),
    );
    rows.push(
      batch
        ? compare(`${what}, readMany()`, 'msg/s', 'higher', runs.raw!, runs.many!, { target: TARGET })
        : info(`${what}, readMany()`, '', NO_BATCH, 'slot: measured once core has the batch API'),
    );
  }
  const echo = await interleavedRoundTrips(
    { raw: () => rawEchoSide(target), omni: () => omniEchoSide(target) },
    ECHOES,
    1000,
  );
  const p = (side: 'raw' | 'omni', key: 'p50' | 'p99'): number[] => echo[side].map((r) => r[key]);
  rows.push(
    compare(
      `echo round trip p50, ${num(ECHOES)} × ${TICK.length} B`,
      'µs',
      'lower',
      p('raw', 'p50'),
      p('omni', 'p50'),
      { target: TARGET },
    ),
  );
  rows.push(compare('echo round trip p99', 'µs', 'lower', p('raw', 'p99'), p('omni', 'p99')));
  return rows;
}

/** Notes shared by the ws and wss sections. */
export const WS_NOTES = [
  'Server: ws 8.18 in a forked child process on 127.0.0.1, no permessage-deflate.',
  `Flood: the server sends ${num(FLOOD)} frames in one burst, corked into one socket write so that the client, not the server's write per frame, sets the pace (ADR 0327). raw = the ws \`message\` handler decoding each frame to a string (gzip frames: inflated with the same zlib call and chunk size as omnidial's codec); omnidial = \`await conn.read()\` per message (qsize=${num(FLOOD)}, no drops; compress=gzip for the gzip rows).`,
  `Echo: ${num(ECHOES)} sequential round trips of one ${TICK.length}-byte text frame per side and run, raw and omnidial interleaved round by round (the order rotated each round; lib/round-trips.ts); the p50/p99 of each run is one sample.`,
  `Each figure: median (lowest–highest), after a warm-up of each, alternating with the order rotated each round. Floods: ${FLOOD_SETS_NOTE}, each a client process of its own (ADR 0315). Echo: ${RUNS} runs per side.`,
];
