/**
 * Where the CLI's time goes (bench/NOTES.md §9): `tsx bench/src/profile/cli.ts [count]` (built
 * packages: `pnpm build` first). Runs the cli section's two Node clients, the minimal ws script and
 * `omnidial URL -n N`, under `node --cpu-prof` on the section's burst server, for 1 message and for
 * `count` (default 1,000,000), and prints their self time per category as markdown. Whole-process
 * profiles: start-up is included, which is the point.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChild } from '../lib/child.js';
import { markdownTable, num } from '../lib/rows.js';
import { categoryTimes, type Category, topFrames } from './frames.js';

const count = Number(process.argv[2] ?? 1_000_000);
const cliMain = fileURLToPath(new URL('../../../packages/omnidial/dist/cli/main.js', import.meta.url));
const wsPrint = fileURLToPath(new URL('../lib/ws-print.mjs', import.meta.url));
const LOADING =
  /^(ModuleWrap|openFileHandle|internalModuleStat|readFileUtf8|compileFunction|realpath|fstat|read|parse)$/;

const CATEGORIES: Category[] = [
  {
    name: 'loading modules (resolve, read, compile)',
    match: (url, fn) =>
      /^node:internal\/(modules|deps\/cjs-module-lexer|bootstrap\/realm)/.test(url) || (url === '' && LOADING.test(fn)),
  },
  { name: 'garbage collector', match: (_url, fn) => fn === '(garbage collector)' },
  { name: 'ws package (frame parsing, UTF-8 check)', match: (url) => url.startsWith('ws/') },
  { name: 'omnidial core (queue, readMany)', match: (url) => url.startsWith('core/') },
  { name: 'omnidial transport-ws', match: (url) => url.startsWith('transport-ws/') },
  { name: 'omnidial CLI (pipe, render)', match: (url) => url.startsWith('omnidial/') },
  { name: 'the Node script itself', match: (url) => url.startsWith('bench/') },
  {
    name: 'buffers, strings, events, streams',
    match: (url, fn) => url.startsWith('node:') || (url === '' && fn !== '(program)'),
  },
];

/** Runs `args` under the profiler (stdout to /dev/null) and returns the profile's path. */
function profiled(name: string, args: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), `omnidial-cli-prof-${name}-`));
  execFileSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, ...args], {
    stdio: ['ignore', openSync('/dev/null', 'w'), 'inherit'],
  });
  return join(dir, readdirSync(dir)[0]!);
}

const feed = await startChild<{ ws: number }>(fileURLToPath(new URL('../lib/feed-server.mjs', import.meta.url)), []);
try {
  const url = (n: number): string => `ws://127.0.0.1:${feed.ports.ws}/burst/${n}`;
  const runs = (n: number): Record<string, string> => ({
    node: profiled(`node-${n}`, [wsPrint, url(n), String(n)]),
    omnidial: profiled(`omni-${n}`, [cliMain, `${url(n)}|qsize=${n}`, '--read-only', '-q', '-n', String(n)]),
  });
  profiled('warm-up', [wsPrint, url(count), String(count)]); // the server builds the burst once
  const files = { 1: runs(1), [count]: runs(count) };
  const header = ['self time, ms'];
  const columns: ReturnType<typeof categoryTimes>[] = [];
  for (const [n, byClient] of Object.entries(files)) {
    for (const [client, file] of Object.entries(byClient)) {
      header.push(`${client}, ${num(Number(n))} msg`);
      columns.push(categoryTimes(file, CATEGORIES));
    }
  }
  const rows = columns[0]!.rows.map(([name], i) => [name, ...columns.map((c) => num(c.rows[i]![1]))]);
  rows.push(['**busy total**', ...columns.map((c) => `**${num(c.busy)}**`)]);
  rows.push(['idle (waiting for I/O)', ...columns.map((c) => num(c.idle))]);
  process.stdout.write(`${markdownTable([header, ...rows])}\n\n`);
  process.stdout.write(`omnidial, ${num(count)} messages, top frames:\n\n${topFrames(files[count]!.omnidial!, 12)}\n`);
} finally {
  await feed.stop();
}
