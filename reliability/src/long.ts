/**
 * The long runs of issue #8 (`pnpm reliability:long`): 100 server crash/restart cycles per
 * transport, 1 000 000 generated addresses, 10 000 dial/close cycles per transport, the bomb,
 * flood and back-pressure probes. Parts run in parallel lanes (child processes), each with a
 * private test-infra harness; results go to docs/reliability/long-<lane>.json. Every part is held
 * to the thresholds of `thresholds.ts`; the process exits 1 when one falls short. Brokers and
 * databases are taken down by SIGKILL and by graceful stops, alternately.
 *
 * `node --conditions=source --import tsx reliability/src/long.ts [lane [part...]]` — no lane: all
 * lanes; parts given: only those are re-run, the lane file keeps the others (each part records
 * the commit and time it was measured).
 * Env: LONG_CYCLES (100), LONG_ADDRESSES (1000000), LONG_LEAK_CYCLES (10000).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServices, type Harness, type ServiceName } from '@omnidial/test-infra';
import '@omnidial/transport-net';
import '@omnidial/transport-ws';
import '@omnidial/mq-mqtt';
import '@omnidial/mq-nats';
import '@omnidial/mq-amqp';
import '@omnidial/mq-kafka';
import '@omnidial/db-sqlite';
import '@omnidial/db-postgres';
import '@omnidial/db-mysql';
import '@omnidial/db-clickhouse';
import { checkAddresses } from './addresses.js';
import { runProbe } from './child.js';
import { runServerFaults, runSqlFaults } from './server-faults.js';
import { measuredCommit } from './commit.js';
import { partFailures } from './thresholds.js';
import { brokerAddress, brokerTarget, databaseTarget, loopbackTarget, BROKERS, DATABASES } from './targets.js';

const OUT = new URL('../../docs/reliability/', import.meta.url);
const CYCLES = Number(process.env.LONG_CYCLES ?? 100);
const PLAN = { cycles: CYCLES, upMs: 1000, downMs: 300, recoverLimitMs: 60_000, drainMs: 60_000 };

/** Lanes run in parallel; each entry is a list of parts run in order. */
const LANES: Record<string, string[]> = {
  kafka: ['faults:kafka'],
  amqp: ['faults:amqp'],
  clickhouse: ['faults:clickhouse'],
  light: [
    'faults:tcp',
    'faults:ws',
    'faults:mqtt',
    'faults:nats',
    'faults:postgres',
    'faults:mysql',
    'addresses',
    'limits',
  ],
  leaks: ['leaks'],
  /** Kafka and AMQP leak cycles, in their own lane (they are the slowest to dial). */
  'leaks-slow': ['leaks:slow'],
};

async function withHarness<T>(names: ServiceName[], run: (h: Harness) => Promise<T>): Promise<T> {
  const harness = await startServices({ only: names });
  try {
    return await run(harness);
  } finally {
    await harness.stop();
  }
}

async function part(name: string): Promise<unknown> {
  const [kind, target] = name.split(':') as [string, string | undefined];
  if (kind === 'faults' && (target === 'tcp' || target === 'ws')) {
    const t = await loopbackTarget(target);
    try {
      return await runServerFaults(t, { ...PLAN, upMs: 500 });
    } finally {
      await t.kill();
    }
  }
  if (kind === 'faults' && (BROKERS as readonly string[]).includes(target!)) {
    const broker = target as (typeof BROKERS)[number];
    return withHarness([broker], (h) => runServerFaults(brokerTarget(h, broker), PLAN));
  }
  if (kind === 'faults') {
    const db = target as (typeof DATABASES)[number];
    return withHarness([db], (h) => runSqlFaults(databaseTarget(h, db), { ...PLAN, upMs: 500 }));
  }
  if (kind === 'addresses') return checkAddresses(Number(process.env.LONG_ADDRESSES ?? 1_000_000), 20_260_101);
  if (kind === 'limits') {
    return {
      bombCapped: await runProbe('bomb', { MAX_MESSAGE: String(8 * 1024 * 1024) }),
      bombDefaultCap: await runProbe('bomb', {}),
      floodQsize: await runProbe('flood', { QUEUE: 'qsize=2000', FLOOD: '20000', SIZE: '10240' }),
      floodQbytes: await runProbe('flood', { QUEUE: 'qbytes=4194304', FLOOD: '20000', SIZE: '10240' }),
      backpressure: await runProbe('backpressure', { SECONDS: '20', TIMEOUTS: '200' }),
    };
  }
  const leakCycles = Number(process.env.LONG_LEAK_CYCLES ?? 10_000);
  const onlySlow = target === 'slow';
  const brokers = BROKERS.filter((b) => onlySlow === (b === 'kafka' || b === 'amqp'));
  const services = [...brokers, ...(onlySlow ? [] : DATABASES)] as ServiceName[];
  return withHarness(services, async (h) => {
    const targets = [
      ...brokers.map((b) => ({
        name: b,
        address: brokerAddress(b, h.urls[b]!).replace(/\|.*$/, ''),
        cycles: leakCycles,
      })),
      ...(onlySlow ? [] : DATABASES.map((d) => ({ name: d, address: h.urls[d]!, sql: true, cycles: leakCycles }))),
    ];
    return runProbe('leak', { CYCLES: String(leakCycles), LEAK_TARGETS: JSON.stringify(targets) }, 6 * 3600_000);
  });
}

type Entry = {
  ok: boolean;
  seconds: number;
  commit: string;
  measuredAt: string;
  failures: string[];
  figures?: unknown;
  error?: string;
};

/** The lane's earlier results (kept for the parts a partial re-run does not repeat). */
function earlier(lane: string): Record<string, Entry> {
  try {
    const file = JSON.parse(readFileSync(new URL(`long-${lane}.json`, OUT), 'utf8')) as {
      commit?: string;
      measuredAt?: string;
      results: Record<string, Entry>;
    };
    // Files written before per-part commits carry one commit for the whole lane.
    for (const entry of Object.values(file.results))
      Object.assign(entry, { commit: entry.commit ?? file.commit, measuredAt: entry.measuredAt ?? file.measuredAt });
    return file.results;
  } catch {
    return {};
  }
}

/**
 * Runs a lane's parts in order (only `only`, when given, keeping the lane's other results);
 * resolves to the number of parts that fell short of their thresholds.
 */
async function runLane(lane: string, only: readonly string[]): Promise<number> {
  const parts = only.length > 0 ? only : (LANES[lane] ?? []);
  const results: Record<string, Entry> = only.length > 0 ? earlier(lane) : {};
  const save = (): void =>
    writeFileSync(new URL(`long-${lane}.json`, OUT), `${JSON.stringify({ lane, results }, null, 1)}\n`);
  let short = 0;
  for (const name of parts) {
    const started = Date.now();
    const head = { seconds: 0, commit: measuredCommit(), measuredAt: new Date(started).toISOString() };
    let entry: Entry;
    try {
      const figures = await part(name);
      const failures = partFailures(name, figures);
      entry = { ok: failures.length === 0, ...head, failures, figures };
    } catch (error) {
      entry = {
        ok: false,
        ...head,
        failures: ['the part threw'],
        error: error instanceof Error ? error.stack : String(error),
      };
    }
    entry.seconds = Math.round((Date.now() - started) / 1000);
    results[name] = entry;
    if (!entry.ok) short += 1;
    console.log(
      `[long:${lane}] ${name} done in ${entry.seconds} s${entry.ok ? '' : `: FAILED ${entry.failures.join('; ')}`}`,
    );
    save();
  }
  return short;
}

mkdirSync(OUT, { recursive: true });
const lane = process.argv[2];
if (lane !== undefined) {
  const only = process.argv.slice(3);
  const unknown = only.filter((name) => !(LANES[lane] ?? []).includes(name));
  if (LANES[lane] === undefined || unknown.length > 0)
    throw new Error(`unknown lane or part: ${lane} ${unknown.join(' ')}`);
  process.exit((await runLane(lane, only)) === 0 ? 0 : 1);
}
const self = fileURLToPath(import.meta.url);
const codes = await Promise.all(
  Object.keys(LANES).map(
    (name) =>
      new Promise<number>((resolve) => {
        const child = spawn(process.execPath, ['--expose-gc', '--conditions=source', '--import', 'tsx', self, name], {
          stdio: 'inherit',
        });
        child.on('close', (code) => resolve(code ?? 1));
      }),
  ),
);
const failed = Object.keys(LANES).filter((_, i) => codes[i] !== 0);
console.log(
  `[long] all lanes done: docs/reliability/long-*.json${failed.length > 0 ? `; below threshold: ${failed.join(', ')}` : ''}`,
);
process.exit(failed.length === 0 ? 0 : 1);
