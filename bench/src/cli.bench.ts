/**
 * The omnidial CLI against websocat: both print the same ws flood (one message per line) to
 * /dev/null; the clock runs from spawn to exit. websocat comes from `bash bench/scripts/setup.sh`
 * (cargo install from crates.io); without it only the omnidial side is measured.
 */
import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alternate } from './lib/alternate.js';
import { startChild } from './lib/child.js';
import { compare, info, num } from './lib/rows.js';
import { RUNS, scaled } from './lib/stats.js';
import type { BenchSection, Row } from './lib/types.js';

const COUNT = scaled(100_000);
const cliMain = fileURLToPath(new URL('../../packages/omnidial/dist/cli/main.js', import.meta.url));

/** The websocat binary: on PATH or in ~/.cargo/bin; undefined when not installed. */
function websocat(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':'), join(homedir(), '.cargo', 'bin')];
  return dirs
    .filter((dir) => dir !== '')
    .map((dir) => join(dir, 'websocat'))
    .find((path) => existsSync(path));
}

/** Seconds from spawning `command` (stdout to /dev/null) to its exit; rejects on a non-zero exit. */
async function timed(command: string, args: string[]): Promise<number> {
  const sink = openSync('/dev/null', 'w');
  const started = performance.now();
  try {
    const child = spawn(command, args, { stdio: ['ignore', sink, 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0) throw new Error(`${command} exited with ${code}: ${stderr.slice(0, 300)}`);
    return (performance.now() - started) / 1000;
  } finally {
    closeSync(sink);
  }
}

/** The cli section of RESULTS.md. */
export async function run(): Promise<BenchSection> {
  const feed = await startChild<{ ws: number }>(fileURLToPath(new URL('./lib/feed-server.mjs', import.meta.url)), []);
  const url = `ws://127.0.0.1:${feed.ports.ws}/end/${COUNT}`;
  const binary = websocat();
  const rows: Row[] = [];
  try {
    const omni = (): Promise<number> =>
      timed(process.execPath, [cliMain, `${url}|qsize=${COUNT}`, '--read-only', '-q', '-n', String(COUNT)]);
    const what = `${num(COUNT)} ws messages (~40 B) to /dev/null`;
    if (binary === undefined) {
      const runs = await alternate({ omni });
      rows.push(
        info(
          what,
          'websocat not installed (bash bench/scripts/setup.sh)',
          `${(runs.omni.sort()[runs.omni.length >> 1]! * 1000).toFixed(0)} ms`,
        ),
      );
    } else {
      const runs = await alternate({ raw: () => timed(binary, ['-u', url]), omni });
      const rate = (side: 'raw' | 'omni'): number[] => runs[side].map((s) => COUNT / s);
      rows.push(compare(what, 'msg/s', 'higher', rate('raw'), rate('omni'), { target: 1 }));
    }
  } finally {
    await feed.stop();
  }
  return {
    title: 'CLI: omnidial vs websocat',
    baseline: 'websocat 1.14 (-u)',
    rows,
    notes: [
      `The server (ws 8.18, forked child) sends ${num(COUNT)} small JSON messages in one burst and closes. \`websocat -u URL\` and \`omnidial 'URL|qsize=${COUNT}' --read-only -q -n ${COUNT}\` each print one message per line to /dev/null; the time runs from spawn to exit, so process start-up (node ≈ 50 ms) is included.`,
      `Each figure: median (lowest–highest) of ${RUNS} runs per side after a warm-up of each, alternating with the order rotated each round.`,
    ],
  };
}
