/**
 * The shared body of the tcp, tls and unix sections: the servers run in a forked child; echo
 * round trips and a flood download, raw against omnidial in rotated alternation.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alternate } from './alternate.js';
import { hasBatchApi, NO_BATCH } from './batch.js';
import { interleavedRoundTrips } from './round-trips.js';
import { startChild } from './child.js';
import { FLOOD_SETS_NOTE, floodsInOwnProcesses } from './own-process.js';
import { compare, info, num, PER_MESSAGE, TARGET } from './rows.js';
import { FLOOD_PROCESSES, RUNS, scaled } from './stats.js';
import type { FloodVariant } from './flood-client.js';
import {
  omniEchoSide,
  omniWrites,
  rawAwaitedWrites,
  rawEchoSide,
  rawWrites,
  type FloodRate,
  type StreamTarget,
  type Where,
} from './stream-measure.js';
import type { Row } from './types.js';
import { flatText } from './payload.js';

const ROUNDS = scaled(2_000);
// 300 MB: at 0.5-1.5 GB/s a 100 MB run lasted 0.1-0.2 s, so one garbage collection more or less swung a run by 30 %.
const FLOOD_MB = scaled(300, 1);
// tcp and unix sockets move 0.8-2.3 GB/s here: a 300 MB run lasted 0.13-0.4 s and the raw side alone
// spread 3x (tcp's raw text flood came out faster than its binary one); tls, at ~0.6 GB/s, keeps 300 MB.
const FAST_FLOOD_MB = scaled(1000, 1);
const floodMb = (target: StreamTarget): number => (target.scheme === 'tls' ? FLOOD_MB : FAST_FLOOD_MB);
const CHUNK = 16 * 1024;
const MESSAGE = 'ping '.repeat(6); // 30 bytes
const WRITES = scaled(100_000);
const SMALL = flatText('x'.repeat(64));
const WINDOW = Math.min(1_000, WRITES);

/** What a stream section measured. */
export interface StreamResult {
  rows: Row[];
  notes: string[];
}

/** Starts the stream servers for `target` (tls: `pki` files; unix: sockets in a temp dir). */
async function servers(target: StreamTarget, pki?: { certFile: string; keyFile: string }) {
  const script = fileURLToPath(new URL('./stream-server.mjs', import.meta.url));
  const extra =
    target.scheme === 'tls'
      ? [pki!.certFile, pki!.keyFile]
      : target.scheme === 'unix'
        ? [mkdtempSync(join(tmpdir(), 'omnidial-bench-'))]
        : [];
  const sizes = [String(floodMb(target) * 1024 * 1024), String(CHUNK), String(WRITES * SMALL.length)];
  return startChild<{ echo: Where; flood: Where; sink: Where }>(script, [target.scheme, ...sizes, ...extra]);
}

/** Round trips, floods and small writes for `target`. */
export async function streamRows(
  target: StreamTarget,
  pki?: { certFile: string; keyFile: string },
): Promise<StreamResult> {
  const child = await servers(target, pki);
  try {
    const { echo, flood, sink } = child.ports;
    const rtt = await interleavedRoundTrips(
      { raw: () => rawEchoSide(target, echo, MESSAGE), omni: () => omniEchoSide(target, echo, MESSAGE) },
      ROUNDS,
      1000,
    );
    const batch = await hasBatchApi();
    const names: FloodVariant[] = ['rawText', 'omniText', 'rawBinary', 'rawBinaryAwaited', 'omniBinary'];
    if (batch) names.push('omniMany');
    const floods = await floodsInOwnProcesses<FloodRate, FloodVariant>('stream', { target, where: flood }, names);
    const writeVariants: Record<string, () => Promise<number>> = {
      raw: () => rawWrites(target, sink, WRITES, SMALL),
      rawAwaited: () => rawAwaitedWrites(target, sink, WRITES, SMALL, WINDOW),
      omni: () => omniWrites(target, sink, WRITES, SMALL, WINDOW, false),
    };
    if (batch) writeVariants.many = () => omniWrites(target, sink, WRITES, SMALL, WINDOW, true);
    const writes = await alternate(writeVariants);
    const mb = (name: FloodVariant): number[] => floods[name].map((f) => f.mbps);
    const chunks = (name: FloodVariant): number[] => floods[name].map((f) => f.chunksPerSecond);
    const cpu = (name: FloodVariant): number[] => floods[name].map((f) => f.cpuPerMb);
    const p = (side: 'raw' | 'omni', key: 'p50' | 'p99'): number[] => rtt[side].map((r) => r[key]);
    const rows: Row[] = [
      compare(
        `echo round trip p50, ${num(ROUNDS)} × ${MESSAGE.length} B`,
        'µs',
        'lower',
        p('raw', 'p50'),
        p('omni', 'p50'),
        { target: TARGET },
      ),
      compare('echo round trip p99', 'µs', 'lower', p('raw', 'p99'), p('omni', 'p99')),
      compare(
        `flood ${floodMb(target)} MB (${CHUNK / 1024} KB server writes), text, read()`,
        'MB/s',
        'higher',
        mb('rawText'),
        mb('omniText'),
        batch ? { note: PER_MESSAGE } : { target: TARGET },
      ),
      compare(
        'same flood, text: chunks (messages) per second',
        'msg/s',
        'higher',
        chunks('rawText'),
        chunks('omniText'),
      ),
      compare('same flood, binary=true, read()', 'MB/s', 'higher', mb('rawBinary'), mb('omniBinary'), {
        note: 'bounded by the floor row: one await per chunk',
      }),
      compare(
        'floor of any awaitable read(): raw `data` events vs the same feeding a reader that awaits one promise per chunk (binary)',
        'MB/s',
        'higher',
        mb('rawBinary'),
        mb('rawBinaryAwaited'),
        { note: 'floor: an awaitable read() cannot beat this ratio' },
      ),
      compare(
        'same flood, binary=true, read() vs raw with one await per chunk (async vs async; in the baseline column)',
        'MB/s',
        'higher',
        mb('rawBinaryAwaited'),
        mb('omniBinary'),
        { target: TARGET },
      ),
      compare(
        'same flood, text, read(): client CPU time per MB (user + system)',
        'µs',
        'lower',
        cpu('rawText'),
        cpu('omniText'),
      ),
      compare(
        'same flood, binary=true, read(): client CPU time per MB',
        'µs',
        'lower',
        cpu('rawBinary'),
        cpu('omniBinary'),
      ),
      compare(
        'same flood, binary=true: client CPU time per MB, raw with one await per chunk vs read() (in the baseline column)',
        'µs',
        'lower',
        cpu('rawBinaryAwaited'),
        cpu('omniBinary'),
      ),
      batch
        ? compare('same flood, text, readMany()', 'MB/s', 'higher', mb('rawText'), mb('omniMany'), { target: TARGET })
        : info('same flood, text, readMany()', '', NO_BATCH, 'slot: measured once core has the batch API'),
      ...(batch
        ? [
            compare(
              'same flood, text, readMany(): client CPU time per MB',
              'µs',
              'lower',
              cpu('rawText'),
              cpu('omniMany'),
            ),
          ]
        : []),
      compare(
        `write ${num(WRITES)} × ${SMALL.length} B, write() (${num(WINDOW)} in flight)`,
        'msg/s',
        'higher',
        writes.raw!,
        writes.omni!,
        batch ? { note: `${PER_MESSAGE}; see the floor row` } : { target: TARGET, note: 'see the floor row' },
      ),
      compare(
        `floor of any awaitable write(): raw socket.write() vs the same plus one promise per write, resolved at once or, past 1 MB queued, at drain; ${num(WINDOW)} in flight`,
        'msg/s',
        'higher',
        writes.raw!,
        writes.rawAwaited!,
        { note: 'floor: an awaitable write() cannot beat this ratio' },
      ),
      compare(
        `write() vs raw with one promise per write that waits for drain past 1 MB queued (async vs async; in the baseline column)`,
        'msg/s',
        'higher',
        writes.rawAwaited!,
        writes.omni!,
        batch ? { note: PER_MESSAGE } : { target: TARGET },
      ),
      batch
        ? compare(
            `write ${num(WRITES)} × ${SMALL.length} B, writeMany() of ${num(WINDOW)}`,
            'msg/s',
            'higher',
            writes.raw!,
            writes.many!,
            { target: TARGET },
          )
        : info(
            `write ${num(WRITES)} × ${SMALL.length} B, writeMany()`,
            '',
            NO_BATCH,
            'slot: measured once core has the batch API',
          ),
    ];
    const notes = [
      `Servers (echo, flood, sink) run in a forked child process. The round-trip and write clients run in the bench process; each flood client runs in a process of its own (one per variant, each kept for ${RUNS} rounds, ${FLOOD_PROCESSES} such sets one after another), so a run's heap holds only its own garbage and its CPU time is its own.`,
      `Small writes: ${num(WRITES)} messages of ${SMALL.length} B to a server that answers once it has all the bytes; raw = \`socket.write()\` honouring back-pressure (\`drain\`), omnidial = \`write()\` with ${num(WINDOW)} in flight (a stream has no message boundaries: these are the "100 000 small messages" of a stream). The message is a flat string, as \`JSON.stringify\` returns (lib/payload.ts: a rope built by \`repeat()\` would cost each pass over it ~200 ns). The floor row resolves each write at once while the socket holds less than 1 MB and at \`drain\` past it, as \`write()\` does (ADR 0298).`,
      'Floods on loopback: MB/s is not what the client spends. A client that takes longer per chunk lets the kernel gather more bytes per read (fewer, larger chunks), so a slower reader can move more MB/s (the raw text flood, which decodes every chunk, often beats the raw binary one). The CPU-time rows give what reading costs each client per MB.',
      `raw = the node socket with \`data\` events, each chunk decoded to a string (text rows) or kept as a Buffer (binary rows); omnidial = \`dial()\` + an \`await conn.read()\` loop (qsize=100000), which also checks each chunk is UTF-8 before decoding it, unless \`binary=true\`. In text mode omnidial reads into one buffer shared by every text stream of the process (\`onread\`, ADRs 0313 and 0314) instead of taking a new Buffer per read as a \`data\` listener does; a raw reader written that way spends about as little (bench/NOTES.md §18). The binary floor row feeds the same \`data\` events to a minimal reader that awaits one promise per chunk (an array queue and one waiting resolver): what any \`await read()\` loop pays, so the binary read() target is set against it (async vs async), as for SQLite's exec(). readMany() gathers nothing on these floods: each socket read (each TLS record) reaches JavaScript in a callback of its own, after which the waiting reader runs, so every readMany() returned one chunk (19,200 of 19,200 calls on a 300 MB TLS flood; bench/NOTES.md §18).`,
      `Each figure: median (lowest–highest); the variants run alternately, the order rotated each round, after a warm-up of each. Floods: ${FLOOD_SETS_NOTE}. Writes and round trips: ${RUNS} runs per side. Round trips: ${num(ROUNDS)} sequential write→echo per side and run, raw and omnidial interleaved round by round (the order rotated each round; lib/round-trips.ts); the p50 of each run is one sample.`,
    ];
    return { rows, notes };
  } finally {
    await child.stop();
  }
}
