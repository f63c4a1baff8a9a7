/**
 * Scale in one process: 10 000 concurrent ws connections and 1 000 tcp connections to servers in
 * a child process (memory per connection, connect time, idle CPU), raw against omnidial, each run
 * in a fresh client process; and the cost of read(-2) with 2 000 messages queued against 1.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { alternate } from './lib/alternate.js';
import { startChild } from './lib/child.js';
import { readNewestCost } from './lib/queue-measure.js';
import { compare, num } from './lib/rows.js';
import { RUNS, scaled, SMOKE } from './lib/stats.js';
import type { BenchSection, Row } from './lib/types.js';

const WS_CONNECTIONS = scaled(10_000, 20);
const TCP_CONNECTIONS = scaled(1_000, 20);
const IDLE_MS = SMOKE ? 100 : 2_000;
/** Client processes are slow to start on a busy machine; this many runs per side is enough for memory. */
const SCALE_RUNS = Math.min(RUNS, 5);
const READ_ROUNDS = scaled(2_000);
const run$ = promisify(execFile);
const client = fileURLToPath(new URL('./lib/scale-client.mjs', import.meta.url));

interface ClientResult {
  connectMs: number;
  rssPerConn: number;
  heapPerConn: number;
  committedPerConn: number;
  idleCpuMsPerS: number;
  open: number;
}

async function clientRun(kind: 'ws' | 'tcp', side: 'raw' | 'omni', port: number, count: number): Promise<ClientResult> {
  const { stdout } = await run$(
    process.execPath,
    ['--expose-gc', client, kind, side, String(port), String(count), String(IDLE_MS)],
    {
      maxBuffer: 1024 * 1024,
      timeout: 300_000,
    },
  );
  const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as ClientResult;
  if (result.open !== count) throw new Error(`scale: ${side} ${kind} opened ${result.open} of ${count}`);
  return result;
}

async function connectionRows(kind: 'ws' | 'tcp', port: number, count: number, target: boolean): Promise<Row[]> {
  const runs = await alternate(
    { raw: () => clientRun(kind, 'raw', port, count), omni: () => clientRun(kind, 'omni', port, count) },
    SCALE_RUNS,
  );
  const of = (side: 'raw' | 'omni', key: keyof ClientResult, scale = 1): number[] =>
    runs[side].map((r) => r[key] * scale);
  const what = `${num(count)} concurrent ${kind} connections`;
  const memoryTarget = target ? { target: 1 / 1.2, targetLabel: 'memory ≤ 1.2× raw' } : {};
  return [
    compare(
      `${what}: RSS per connection`,
      'KB',
      'lower',
      of('raw', 'rssPerConn', 1 / 1024),
      of('omni', 'rssPerConn', 1 / 1024),
      target
        ? {
            ...memoryTarget,
            note: 'floor: bench/NOTES.md §5a (the state a connection keeps, and the heap pages it commits: next two rows)',
          }
        : memoryTarget,
    ),
    compare(
      `${what}: JS heap + external per connection`,
      'KB',
      'lower',
      of('raw', 'heapPerConn', 1 / 1024),
      of('omni', 'heapPerConn', 1 / 1024),
    ),
    compare(
      `${what}: JS heap pages committed per connection (used + free space left in them)`,
      'KB',
      'lower',
      of('raw', 'committedPerConn', 1 / 1024),
      of('omni', 'committedPerConn', 1 / 1024),
    ),
    compare(
      `${what}: time to open all (500 in flight)`,
      'ms',
      'lower',
      of('raw', 'connectMs'),
      of('omni', 'connectMs'),
    ),
    compare(
      `${what}: idle CPU over ${IDLE_MS / 1000} s`,
      'ms/s',
      'lower',
      of('raw', 'idleCpuMsPerS'),
      of('omni', 'idleCpuMsPerS'),
    ),
  ];
}

/** The scale section of RESULTS.md. */
export async function run(): Promise<BenchSection> {
  const servers = await startChild<{ ws: number; tcp: number }>(
    fileURLToPath(new URL('./lib/scale-server.mjs', import.meta.url)),
    [],
  );
  const rows: Row[] = [];
  try {
    rows.push(...(await connectionRows('ws', servers.ports.ws, WS_CONNECTIONS, true)));
    rows.push(...(await connectionRows('tcp', servers.ports.tcp, TCP_CONNECTIONS, false)));
  } finally {
    await servers.stop();
  }
  const newest = await alternate({
    one: () => readNewestCost(1, READ_ROUNDS),
    oneAfterTraffic: () => readNewestCost(1, READ_ROUNDS, 2000),
    many: () => readNewestCost(2000, READ_ROUNDS),
  });
  rows.push(
    compare(
      'read(-2) with 2 000 queued (baseline column: with 1 queued, after the same 2 000 untimed deliveries), median per call',
      'ns',
      'lower',
      newest.oneAfterTraffic.map((r) => r.median),
      newest.many.map((r) => r.median),
      { target: 1 / 1.2, targetLabel: 'cost ≤ 1.2× of 1 queued' },
    ),
    compare(
      'same, baseline with 1 queued and 1 delivered (the refill of 2 000 also fills the CPU caches with other data)',
      'ns',
      'lower',
      newest.one.map((r) => r.median),
      newest.many.map((r) => r.median),
    ),
  );
  rows.push(
    compare(
      'same as the target row, mean per call (includes the GC the refills provoke)',
      'ns',
      'lower',
      newest.oneAfterTraffic.map((r) => r.mean),
      newest.many.map((r) => r.mean),
    ),
  );
  return {
    title: 'Scale: many connections, deep queues',
    baseline: 'raw (ws / node:net)',
    rows,
    notes: [
      'Servers (ws 8.18 and a tcp echo) run in one forked child; each run opens all connections from a fresh client process (`node --expose-gc`), raw `ws` / `net.connect` or omnidial `dial()` with default options, 500 connects in flight.',
      'Memory per connection = growth after two full GCs, divided by the count (one connection is opened and closed first so module code is not counted). RSS is what the OS sees; heap + external is what JavaScript keeps alive; heap pages committed is what V8 holds for the JS heap, the live objects and the free space between them that a full GC did not compact away.',
      `Idle CPU: the client's CPU time over ${IDLE_MS / 1000} s with every connection open and silent (omnidial's default ping timers included).`,
      `read(-2): an in-memory driver delivers messages (untimed), then one read(-2) is timed; ${num(READ_ROUNDS)} calls per run. The target row's baseline delivers the same 2 000 messages before each timed call, reads 1 999 of them away untimed and times the call with 1 left, so both sides differ only in the depth of the queue; the row after it times 1 queued after 1 delivered, which also counts what 2 000 deliveries do to the caches (bench/NOTES.md §5a).`,
      `Each figure: median (lowest–highest) of ${SCALE_RUNS} runs per side, alternating with the order rotated each round.`,
    ],
  };
}
