// Measures `omnidial bridge` with real servers and writes docs/guide/cli-figures.md.
// Run with: pnpm build && pnpm with-services --only kafka,mqtt -- node --conditions=source --import tsx scripts/cli-figures.ts
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type { WebSocket, WebSocketServer as Wss } from 'ws';
import { randomBytes } from 'node:crypto';
import { restartService, serviceUrl } from '../test-infra/src/index.js';
import { dial } from '../packages/omnidial/src/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
// `ws` is a dependency of the omnidial package, not of the repository root.
const { WebSocketServer } = createRequire(join(root, 'packages/omnidial/package.json'))('ws') as { WebSocketServer: typeof Wss };
const cli = join(root, 'packages/omnidial/dist/cli/main.js');
const N = Number(process.env.FIGURES_N ?? 2000);
const uniqueTopic = (prefix: string): string => `${prefix}_${randomBytes(6).toString('hex')}`;

/** Runs the built CLI; resolves with its exit code and stderr once it exits. */
function runBridge(args: string[], onStderr?: (text: string) => void): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'bridge', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      onStderr?.(stderr);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
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

async function wsToKafka(): Promise<string> {
  const topic = `${serviceUrl('kafka').replace(/\/$/, '')}/${uniqueTopic('figures')}`;
  let started = 0;
  const feed = await wsFeed((socket) => {
    started = performance.now();
    for (let i = 1; i <= N; i++) socket.send(JSON.stringify({ seq: i, px: 100 + (i % 50) / 10 }));
  });
  const { code } = await runBridge([feed.url, topic, '--one-way', '--count', String(N), '-q']);
  const seconds = (performance.now() - started) / 1000;
  feed.close();
  const { distinct } = await readKafka(topic, N);
  return `| ws → kafka | ${N} | ${(N / seconds).toFixed(0)} msg/s | ${N - distinct} | exit ${code} |`;
}

async function mqttToSqlite(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'omnidial-figures-'));
  const db = `sqlite3://${join(dir, 'feed.db')}`;
  const setup = await dial(db);
  await setup.exec('CREATE TABLE feed(raw TEXT, at INTEGER)');
  const topic = `${serviceUrl('mqtt').replace(/\/$/, '')}?topic=${uniqueTopic('figures')}`;
  const publisher = await dial(`${topic}&qos=1`);
  let ready: () => void = () => undefined;
  const bridging = new Promise<void>((resolve) => { ready = resolve; });
  const run = runBridge([`${topic}&qos=1`, db, '--exec', 'INSERT INTO feed(raw, at) VALUES (?, ?)', '--count', String(N)], (text) => {
    if (text.includes('bridging')) ready();
  });
  await bridging;
  const started = performance.now();
  for (let i = 1; i <= N; i++) await publisher.write(JSON.stringify({ seq: i }));
  const { code } = await run;
  const seconds = (performance.now() - started) / 1000;
  const rows = Number((await setup.exec('SELECT count(DISTINCT raw) AS n FROM feed')).values[0]![0]);
  await Promise.all([publisher.close(), setup.close()]);
  rmSync(dir, { recursive: true, force: true });
  return `| mqtt (QoS 1) → sqlite | ${N} | ${(N / seconds).toFixed(0)} msg/s | ${N - rows} | exit ${code} |`;
}

async function kafkaRestart(): Promise<string> {
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
  const run = runBridge([feed.url, topic, '--one-way', '--count', String(total)]);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const restartStarted = performance.now();
  await restartService('kafka');
  const restartSeconds = (performance.now() - restartStarted) / 1000;
  const { code, stderr } = await run;
  feed.close();
  const { distinct, total: read } = await readKafka(topic, total);
  const held = stderr.includes('holding messages') ? 'yes' : 'no';
  return `| ws → kafka, kafka restarted (${restartSeconds.toFixed(1)} s down) | ${total} | held while down: ${held} | ${total - distinct} (duplicates: ${read - distinct}) | exit ${code} |`;
}

const rows: string[] = [];
for (const [name, figure] of [['ws → kafka', wsToKafka], ['mqtt → sqlite', mqttToSqlite], ['kafka restart', kafkaRestart]] as const) {
  try {
    rows.push(await figure());
  } catch (error) {
    rows.push(`| ${name} | — | not measured: ${error instanceof Error ? error.message : String(error)} | — | — |`);
  }
  process.stdout.write(`${rows.at(-1)}\n`);
}
const page = `# \`omnidial bridge\` figures

Measured by \`scripts/cli-figures.ts\` with real servers (test-infra: Kafka, Mosquitto) and the
built CLI (\`node packages/omnidial/dist/cli/main.js bridge …\`), on a shared ${cpus().length}-core
machine under load from other jobs, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.
Rates are end to end: from the first message the source sent to the bridge exiting after
\`--count\`. "lost" counts messages that never reached the target (read back from Kafka from the
earliest offset, or counted in SQLite). The bridge is dialed with \`reconnect=true\` on both sides
(its default) and writes one message at a time, in order, retrying a message until the target
accepts it.

| bridge | messages | rate | lost | result |
| --- | --- | --- | --- | --- |
${rows.join('\n')}

Reproduce: \`pnpm build && pnpm with-services --only kafka,mqtt -- node --conditions=source --import tsx scripts/cli-figures.ts\`
(\`FIGURES_N\` sets the message count of the two rate rows).
`;
writeFileSync(join(root, 'docs/guide/cli-figures.md'), page);
process.stdout.write(page);
process.exit(0);
