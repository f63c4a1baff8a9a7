/**
 * The omnidial CLI against websocat, against the floor of any Node CLI (a minimal script on the
 * ws package, lib/ws-print.mjs) and against the same script written on omnidial's library
 * (lib/omnidial-print.mjs), which splits the CLI's gap into the library's share and the CLI's own.
 * Each prints the same ws flood (one message per line) to /dev/null; the clock runs from spawn to
 * exit. websocat comes from `bash bench/scripts/setup.sh` (cargo install from crates.io); without
 * it, its rows are left out.
 */
import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alternate } from './lib/alternate.js';
import { startChild } from './lib/child.js';
import { compare, info, num, TARGET } from './lib/rows.js';
import { FLOOD_RUNS, scaled, stats } from './lib/stats.js';
import type { BenchSection, Row } from './lib/types.js';

const COUNT = scaled(100_000);
/** The steady-state flood: start-up becomes a small share of the run. */
const LARGE = scaled(1_000_000);
const cliMain = fileURLToPath(new URL('../../packages/omnidial/dist/cli/main.js', import.meta.url));
const wsPrint = fileURLToPath(new URL('./lib/ws-print.mjs', import.meta.url));
const libraryPrint = fileURLToPath(new URL('./lib/omnidial-print.mjs', import.meta.url));

/** The websocat binary: on PATH or in ~/.cargo/bin; undefined when not installed. */
function websocat(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':'), join(homedir(), '.cargo', 'bin')];
  return dirs
    .filter((dir) => dir !== '')
    .map((dir) => join(dir, 'websocat'))
    .find((path) => existsSync(path));
}

/**
 * Spawns `command` with its stdout to `stdout` (a file descriptor, or 'pipe' to read it with
 * `onStdout`) and resolves at its exit; rejects on a non-zero exit, with the start of its stderr.
 */
async function runToExit(
  command: string,
  args: string[],
  stdout: number | 'pipe',
  onStdout?: (chunk: Buffer) => void,
): Promise<void> {
  const child = spawn(command, args, { stdio: ['ignore', stdout, 'pipe'] });
  if (onStdout !== undefined) child.stdout!.on('data', onStdout);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`${command} exited with ${code}: ${stderr.slice(0, 300)}`);
}

/** Seconds from spawning `command` (stdout to /dev/null) to its exit; rejects on a non-zero exit. */
async function timed(command: string, args: string[]): Promise<number> {
  const sink = openSync('/dev/null', 'w');
  const started = performance.now();
  try {
    await runToExit(command, args, sink);
    return (performance.now() - started) / 1000;
  } finally {
    closeSync(sink);
  }
}

/**
 * Runs `command` once with its stdout read, and rejects unless it printed exactly `count` lines:
 * every client must do the whole job (a client that stopped early would look fast).
 */
async function printsLines(command: string, args: string[], count: number): Promise<void> {
  let lines = 0;
  await runToExit(command, args, 'pipe', (chunk) => {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines += 1;
  });
  if (lines !== count) throw new Error(`${command} ${args[0]} printed ${lines} of ${count} lines`);
}

/** Seconds per run of each client, for one flood. */
type Runs = Record<string, number[] | undefined>;

/** The four clients on one flood of `count` messages (websocat only when installed), measured alternately. */
async function measure(url: string, count: number, binary: string | undefined): Promise<Runs> {
  const commands: Record<string, [string, string[]]> = {
    node: [process.execPath, [wsPrint, url, String(count)]],
    library: [process.execPath, [libraryPrint, url, String(count)]],
    omni: [process.execPath, [cliMain, `${url}|qsize=${count}`, '--read-only', '-q', '-n', String(count)]],
  };
  // -U: only from the WebSocket to stdout (-u is the other direction: it would print nothing).
  if (binary !== undefined) commands.websocat = [binary, ['-U', url]];
  for (const [command, args] of Object.values(commands)) await printsLines(command, args, count);
  // Every run is a process of its own, so a run carries its own draw of start-up and JIT: as many
  // runs as a flood row has (ADR 0319), not the bench's per-process round count.
  return alternate(
    Object.fromEntries(Object.entries(commands).map(([name, [command, args]]) => [name, () => timed(command, args)])),
    FLOOD_RUNS,
  );
}

/**
 * The rows of one flood: omnidial vs websocat and the Node floor vs websocat; omnidial vs the Node
 * script, split into the library script vs the Node script (omnidial's import, first dial and
 * read path) and omnidial vs the library script (the CLI's own share).
 */
function floodRows(runs: Runs, count: number, label: string): Row[] {
  const rate = (seconds: readonly number[] | undefined): number[] => (seconds ?? []).map((s) => count / s);
  const what = `${num(count)} ws messages (~40 B) to /dev/null${label}`;
  const libraryFloor = medianRatio(rate(runs.node), rate(runs.library));
  const rows: Row[] = [];
  if (runs.websocat === undefined) {
    rows.push(info(`${what}: websocat`, 'not installed (bash bench/scripts/setup.sh)', ''));
  } else {
    rows.push(
      compare(`${what}: omnidial vs websocat`, 'msg/s', 'higher', rate(runs.websocat), rate(runs.omni), {
        target: 1,
        note: `floor: the Node script row below (${medianRatio(rate(runs.websocat), rate(runs.node))}), the start-up and per-message V8 work of any Node CLI, then omnidial's library (the library script row, ${libraryFloor}); the CLI's own share is the last row`,
      }),
      compare(
        `${what}: minimal Node ws script (in the omnidial column) vs websocat`,
        'msg/s',
        'higher',
        rate(runs.websocat),
        rate(runs.node),
        {
          note: 'not omnidial: the floor of any Node CLI',
        },
      ),
    );
  }
  rows.push(
    compare(
      `${what}: omnidial vs minimal Node ws script (in the baseline column)`,
      'msg/s',
      'higher',
      rate(runs.node),
      rate(runs.omni),
      {
        target: TARGET,
        note: `floor: the library script row below (${libraryFloor}), omnidial's import and first dial (bench/NOTES.md §27); the CLI's own share is the last row`,
      },
    ),
    compare(
      `${what}: the Node script on omnidial's library (in the omnidial column) vs minimal Node ws script (in the baseline column)`,
      'msg/s',
      'higher',
      rate(runs.node),
      rate(runs.library),
      {
        note: "omnidial's library, not its CLI: the core and the ws transport imported, dial(), readMany(), close()",
      },
    ),
    compare(
      `${what}: omnidial vs the Node script on omnidial's library (in the baseline column)`,
      'msg/s',
      'higher',
      rate(runs.library),
      rate(runs.omni),
      {
        target: TARGET,
        note: "the CLI's own share: its arguments, the address guard, the status line, the pipe",
      },
    ),
  );
  return rows;
}

/** The ratio of the medians of `series` to `baseline`'s, as the rows print it. */
const medianRatio = (baseline: readonly number[], series: readonly number[]): string =>
  `${(stats(series).median / stats(baseline).median).toFixed(2)}×`;

/** Median milliseconds of a series, as text. */
const ms = (seconds: readonly number[] | undefined): string =>
  seconds === undefined ? 'websocat not installed' : `${num(stats(seconds).median * 1000)} ms`;

/** The cli section of RESULTS.md. */
export async function run(): Promise<BenchSection> {
  const feed = await startChild<{ ws: number }>(fileURLToPath(new URL('./lib/feed-server.mjs', import.meta.url)), []);
  const base = `ws://127.0.0.1:${feed.ports.ws}/burst`;
  const binary = websocat();
  let one: Runs, small: Runs, large: Runs;
  try {
    one = await measure(`${base}/1`, 1, binary);
    small = await measure(`${base}/${COUNT}`, COUNT, binary);
    large = await measure(`${base}/${LARGE}`, LARGE, binary);
  } finally {
    await feed.stop();
  }
  const median = (runs: Runs, side: string): number => stats(runs[side] ?? []).median;
  /** How many times faster websocat's median run is than the Node script's, at a flood size. */
  const ahead = (runs: Runs): string => `${(median(runs, 'node') / median(runs, 'websocat')).toFixed(1)}×`;
  return {
    title: 'CLI: omnidial vs websocat, a minimal Node ws script and the same script on the library',
    baseline: 'websocat 1.14 (-U), or the Node script where the row says so',
    rows: [
      info(
        'start-up: spawn to exit for 1 message (websocat / Node script / Node script on the library)',
        `${ms(one.websocat)} / ${ms(one.node)} / ${ms(one.library)}`,
        ms(one.omni),
      ),
      ...floodRows(small, COUNT, ''),
      ...floodRows(large, LARGE, ' (steady state)'),
    ],
    notes: [
      `The server (ws 8.18, forked child) writes N small JSON messages as ready-made frames in one socket write and closes, so the clients, not the server, set the pace. \`websocat -U URL\`, \`node ws-print.mjs URL N\` (bench/src/lib: the ws package, each message decoded to a string, what arrived in one I/O phase joined into one stdout write), \`node omnidial-print.mjs URL N\` (the same job on omnidial's library: \`@omnidial/core\` and \`@omnidial/transport-ws\` imported, \`dial()\`, \`readMany()\` batches of up to 4,096 joined into one stdout write each, \`close()\`) and \`omnidial 'URL|qsize=N' --read-only -q -n N\` each print one message per line to /dev/null; the time runs from spawn to exit, so process start-up is included. The three Node clients enable V8's compile cache (\`module.enableCompileCache()\`, ADR 0300); the warm-up run fills it.`,
      ...(binary === undefined
        ? []
        : [
            `Where websocat stands: it is a native binary; spawn to exit for one message took it ${ms(one.websocat)}, node with the ws package ${ms(one.node)}, omnidial ${ms(one.omni)} (node plus the core and one transport imported). Its median run was ${ahead(small)} as fast as the Node script's for ${num(COUNT)} messages and ${ahead(large)} for ${num(LARGE)}: a Node CLI cannot close what is start-up and V8 per-message work (frame parsing, UTF-8 decoding, garbage collection) in the Node script itself; the omnidial vs Node script rows are the target a Node CLI can meet. The script on omnidial's library is what the CLI is built on: the rows against it are the CLI's own share, and the library script against the Node script is what omnidial's import, first dial and read path add (bench/NOTES.md §27).`,
          ]),
      `Each figure: median (lowest–highest) of ${FLOOD_RUNS} runs per client (each a process of its own) after a warm-up of each, the clients alternating with the order rotated each round.`,
    ],
  };
}
