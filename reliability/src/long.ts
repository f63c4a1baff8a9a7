/**
 * The long runs of issue #8 (`pnpm reliability:long`): 100 server crash/restart cycles per
 * transport, 1 000 000 generated addresses, 10 000 dial/close cycles per transport, the bomb,
 * flood and back-pressure probes. Parts run in parallel lanes (child processes), each with a
 * private test-infra harness; results go to docs/reliability/long-<lane>.json.
 *
 * `node --conditions=source --import tsx reliability/src/long.ts [lane]` — no lane: all lanes.
 * Env: LONG_CYCLES (100), LONG_ADDRESSES (1000000), LONG_LEAK_CYCLES (10000).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
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
import { brokerAddress, brokerTarget, databaseTarget, loopbackTarget, BROKERS, DATABASES } from './targets.js';

const OUT = new URL('../../docs/reliability/', import.meta.url);
const CYCLES = Number(process.env.LONG_CYCLES ?? 100);
const PLAN = { cycles: CYCLES, upMs: 1000, downMs: 300, recoverLimitMs: 60_000, drainMs: 60_000 };

/** Lanes run in parallel; each entry is a list of parts run in order. */
const LANES: Record<string, string[]> = {
  kafka: ['faults:kafka'],
  amqp: ['faults:amqp'],
  clickhouse: ['faults:clickhouse'],
  light: ['faults:tcp', 'faults:ws', 'faults:mqtt', 'faults:nats', 'faults:postgres', 'faults:mysql', 'addresses', 'limits'],
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
      ...brokers.map((b) => ({ name: b, address: brokerAddress(b, h.urls[b]!).replace(/\|.*$/, ''), cycles: leakCycles })),
      ...(onlySlow ? [] : DATABASES.map((d) => ({ name: d, address: h.urls[d]!, sql: true, cycles: leakCycles }))),
    ];
    return runProbe('leak', { CYCLES: String(leakCycles), LEAK_TARGETS: JSON.stringify(targets) }, 6 * 3600_000);
  });
}

async function runLane(lane: string): Promise<void> {
  const results: Record<string, unknown> = {};
  const save = (): void => writeFileSync(new URL(`long-${lane}.json`, OUT), `${JSON.stringify({ lane, cycles: CYCLES, results }, null, 1)}\n`);
  for (const name of LANES[lane] ?? []) {
    const started = Date.now();
    try {
      results[name] = { ok: true, seconds: 0, figures: await part(name) };
    } catch (error) {
      results[name] = { ok: false, error: error instanceof Error ? error.stack : String(error) };
    }
    (results[name] as { seconds: number }).seconds = Math.round((Date.now() - started) / 1000);
    console.log(`[long:${lane}] ${name} done in ${(results[name] as { seconds: number }).seconds} s`);
    save();
  }
}

mkdirSync(OUT, { recursive: true });
const lane = process.argv[2];
if (lane !== undefined) {
  await runLane(lane);
  process.exit(0);
}
const self = fileURLToPath(import.meta.url);
await Promise.all(Object.keys(LANES).map((name) => new Promise<void>((resolve) => {
  const child = spawn(process.execPath, ['--expose-gc', '--conditions=source', '--import', 'tsx', self, name], { stdio: 'inherit' });
  child.on('close', () => resolve());
})));
console.log('[long] all lanes done: docs/reliability/long-*.json');
