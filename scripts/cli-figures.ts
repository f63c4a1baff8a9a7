// Measures `omnidial bridge` with real servers and writes docs/guide/cli-figures.json; `pnpm docs:gen`
// (scripts/cli-figures-report.ts) renders it into docs/guide/cli-figures.md.
// Run with: pnpm build && pnpm with-services --only kafka,mqtt -- node --conditions=source --import tsx scripts/cli-figures.ts
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type { WebSocket, WebSocketServer as Wss } from 'ws';
import { randomBytes } from 'node:crypto';
import { restartService, serviceUrl } from '../test-infra/src/index.js';
import { dial } from '../packages/omnidial/src/index.js';
import { measuredCommit } from '../reliability/src/commit.js';
import { CLI_FIGURES_JSON, type BridgeFigure, type CliFigureFile } from './lib/cli-figures-file.js';

const root = fileURLToPath(new URL('..', import.meta.url));
// `ws` is a dependency of the omnidial package, not of the repository root.
const { WebSocketServer } = createRequire(join(root, 'packages/omnidial/package.json'))('ws') as {
  WebSocketServer: typeof Wss;
};
const cli = join(root, 'packages/omnidial/dist/cli/main.js');
const N = Number(process.env.FIGURES_N ?? 2000);
/** A figure that takes longer is reported as not measured instead of holding the run. */
const FIGURE_LIMIT_MS = 10 * 60_000;
/** QoS 1 publishes in flight at once, so the publisher is not what the mqtt row measures. */
const PUBLISH_WINDOW = 50;
const uniqueTopic = (prefix: string): string => `${prefix}_${randomBytes(6).toString('hex')}`;

/**
 * Runs the built CLI (a generous connect timeout: the machine is shared); resolves with its exit
 * code and stderr once it exits, rejects with its last words when it fails.
 */
function runBridge(
  args: string[],
  onStderr?: (text: string) => void,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'bridge', ...args, '--connect-timeout', '120'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      onStderr?.(stderr);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve({ code, stderr });
      else reject(new Error(`the bridge exited ${code}: ${stderr.trim().split('\n').at(-1) ?? ''}`));
    });
  });
}

/** A ws feed: calls `feed(socket)` when the bridge connects. */
async function wsFeed(feed: (socket: WebSocket) => void): Promise<{ url: string; close(): void }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  wss.on('connection', feed);
  await new Promise((resolve) => wss.once('listening', resolve));
  return { url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}`, close: () => wss.close() };
}

/** Reads a Kafka topic from the start until `expected` distinct messages or 60 s of silence. */
async function readKafka(address: string, expected: number): Promise<{ distinct: number; total: number }> {
  const reader = await dial(`${address}?from=earliest`);
  const seen = new Set<string>();
  let total = 0;
  while (seen.size < expected) {
    const message = await reader.read(60_000);
    if (message === null || message === '') break;
    seen.add(String(message));
    total += 1;
  }
  await reader.close();
  return { distinct: seen.size, total };
}

async function wsToKafka(): Promise<BridgeFigure> {
  const topic = `${serviceUrl('kafka').replace(/\/$/, '')}/${uniqueTopic('figures')}`;
  let started = 0;
  const feed = await wsFeed((socket) => {
    started = performance.now();
    for (let i = 1; i <= N; i++) socket.send(JSON.stringify({ seq: i, px: 100 + (i % 50) / 10 }));
  });
  const { code } = await runBridge([feed.url, topic, '--one-way', '--count', String(N)]);
  const seconds = (performance.now() - started) / 1000;
  feed.close();
  const { distinct, total } = await readKafka(topic, N);
  return {
    bridge: 'ws → kafka',
    messages: N,
    perSecond: Math.round(N / seconds),
    lost: N - distinct,
    duplicates: total - distinct,
    exit: code,
  };
}

async function mqttToSqlite(): Promise<BridgeFigure> {
  const dir = mkdtempSync(join(tmpdir(), 'omnidial-figures-'));
  const db = `sqlite3://${join(dir, 'feed.db')}`;
  const setup = await dial(db);
  await setup.exec('CREATE TABLE feed(raw TEXT, at INTEGER)');
  const topic = `${serviceUrl('mqtt').replace(/\/$/, '')}?topic=${uniqueTopic('figures')}`;
  // echo=false: the publisher does not need its own messages (nor to hold them unread).
  const publisher = await dial(`${topic}&qos=1&echo=false`);
  let ready: () => void = () => undefined;
  const bridging = new Promise<void>((resolve) => {
    ready = resolve;
  });
  const run = runBridge(
    [`${topic}&qos=1`, db, '--exec', 'INSERT INTO feed(raw, at) VALUES (?, ?)', '--count', String(N)],
    (text) => {
      if (text.includes('bridging')) ready();
    },
  );
  await Promise.race([bridging, run]);
  const started = performance.now();
  for (let from = 1; from <= N; from += PUBLISH_WINDOW) {
    const window = Array.from({ length: Math.min(PUBLISH_WINDOW, N - from + 1) }, (_, k) =>
      publisher.write(JSON.stringify({ seq: from + k })),
    );
    await Promise.all(window);
  }
  const { code } = await run;
  const seconds = (performance.now() - started) / 1000;
  const rows = Number((await setup.exec('SELECT count(DISTINCT raw) AS n FROM feed')).values[0]![0]);
  await Promise.all([publisher.close(), setup.close()]);
  rmSync(dir, { recursive: true, force: true });
  return {
    bridge: 'mqtt (QoS 1) → sqlite',
    messages: N,
    perSecond: Math.round(N / seconds),
    lost: N - rows,
    duplicates: 0,
    exit: code,
  };
}

async function kafkaRestart(): Promise<BridgeFigure> {
  const total = 600;
  const topic = `${serviceUrl('kafka').replace(/\/$/, '')}/${uniqueTopic('figures')}`;
  const feed = await wsFeed((socket) => {
    let i = 0;
    const timer = setInterval(() => {
      i += 1;
      socket.send(`seq ${i}`);
      if (i >= total) clearInterval(timer);
    }, 10);
  });
  let ready: () => void = () => undefined;
  const bridging = new Promise<void>((resolve) => {
    ready = resolve;
  });
  // The target is restarted only once the bridge runs: a first dial that fails is exit 2, not a restart.
  const run = runBridge([feed.url, topic, '--one-way', '--count', String(total)], (text) => {
    if (text.includes('bridging')) ready();
  });
  run.catch(() => undefined); // awaited below; a rejection before then must not end the script
  await Promise.race([bridging, run]);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const restartStarted = performance.now();
  await restartService('kafka');
  const restartSeconds = (performance.now() - restartStarted) / 1000;
  const { code, stderr } = await run;
  feed.close();
  const { distinct, total: read } = await readKafka(topic, total);
  return {
    bridge: 'ws → kafka, kafka restarted midway (reconnect=true)',
    messages: total,
    lost: total - distinct,
    duplicates: read - distinct,
    exit: code,
    restartSeconds: Number(restartSeconds.toFixed(1)),
    heldWhileDown: stderr.includes('holding messages'),
  };
}

const rows: BridgeFigure[] = [];
const figures = [
  ['ws → kafka', wsToKafka],
  ['mqtt (QoS 1) → sqlite', mqttToSqlite],
  ['ws → kafka, kafka restarted midway (reconnect=true)', kafkaRestart],
] as const;
for (const [name, figure] of figures) {
  const limit = sleep(FIGURE_LIMIT_MS, undefined, { ref: false }).then(() => {
    throw new Error(`took more than ${FIGURE_LIMIT_MS / 60_000} minutes`);
  });
  try {
    rows.push(await Promise.race([figure(), limit]));
  } catch (error) {
    rows.push({
      bridge: name,
      messages: 0,
      lost: 0,
      duplicates: 0,
      exit: null,
      notMeasured: error instanceof Error ? error.message : String(error),
    });
  }
  process.stdout.write(`${JSON.stringify(rows.at(-1))}\n`);
}
const file: CliFigureFile = {
  commit: measuredCommit(),
  measuredAt: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  figuresN: N,
  rows,
};
writeFileSync(CLI_FIGURES_JSON, `${JSON.stringify(file, null, 1)}\n`);
process.exit(0);
