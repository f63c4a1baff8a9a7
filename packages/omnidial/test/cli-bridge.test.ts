import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { requireService, uniqueTopic } from '@omnidial/test-infra/vitest';
import { dial } from '../src/index.js';
import { runCli, startCli } from './support/cli.js';
import { tcpEcho, wsServer } from './support/servers.js';

const dir = mkdtempSync(join(tmpdir(), 'omnidial-bridge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A ws server on a fixed port that can be stopped and started again (a target restart). */
async function restartableWs(
  onMessage: (text: string) => void,
): Promise<{ url: string; stop(): Promise<void>; start(): Promise<void> }> {
  const http = createHttpServer();
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as { port: number };
  await new Promise<void>((resolve) => http.close(() => resolve()));
  let wss: WebSocketServer | undefined;
  const start = async (): Promise<void> => {
    wss = new WebSocketServer({ host: '127.0.0.1', port });
    wss.on('connection', (socket: WebSocket) => socket.on('message', (data) => onMessage(String(data))));
    await new Promise((resolve) => wss!.once('listening', resolve));
  };
  await start();
  return {
    url: `ws://127.0.0.1:${port}`,
    start,
    stop: () =>
      new Promise((resolve) => {
        for (const client of wss!.clients) client.terminate();
        wss!.close(() => resolve());
      }),
  };
}

describe.concurrent('omnidial bridge', { timeout: 180_000 }, () => {
  it('ws -> sqlite with --map and --exec: one row per message with its receive time; --count ends it (exit 0)', async ({
    expect,
    onTestFinished,
  }) => {
    const feed = await wsServer((socket) => {
      for (const px of [101.5, 102, 99.25]) socket.send(JSON.stringify({ sym: 'BTC', px }));
    });
    onTestFinished(feed.close);
    const db = `sqlite3://${join(dir, 'ticks.db')}`;
    const setup = await dial(db);
    await setup.exec('CREATE TABLE ticks(px REAL, at INTEGER)');
    const before = Date.now();
    const run = await runCli([
      'bridge',
      feed.url,
      db,
      '--map',
      '{data.px}',
      '--exec',
      'INSERT INTO ticks(px, at) VALUES (?, ?)',
      '--count',
      '3',
    ]);
    expect(run.stderr).toContain('3 messages bridged A -> B');
    expect(run.code).toBe(0);
    const { values } = await setup.exec('SELECT px, at FROM ticks ORDER BY rowid');
    expect(values.map((row) => row[0])).toEqual([101.5, 102, 99.25]);
    for (const row of values) expect(Number(row[1])).toBeGreaterThanOrEqual(before);
    await setup.close();
  });

  it('two ways: what B sends comes back to A, until Ctrl-C (exit 130)', async ({ expect, onTestFinished }) => {
    const seenByA: string[] = [];
    const a = await wsServer((socket) => {
      socket.on('message', (data) => seenByA.push(String(data)));
      socket.send('hello from A');
    });
    onTestFinished(a.close);
    const echo = await tcpEcho();
    onTestFinished(echo.close);
    const bridge = startCli(['bridge', a.url, echo.url]);
    onTestFinished(() => {
      bridge.child.kill('SIGKILL');
    });
    await expect.poll(() => seenByA.join(''), { timeout: 60_000 }).toBe('hello from A');
    bridge.child.kill('SIGINT');
    const { code } = await bridge.result;
    expect(code).toBe(130);
  });

  it('nothing lost across a restart of the target: messages are held while it is down and sent in order', async ({
    expect,
    onTestFinished,
  }) => {
    const got: string[] = [];
    const target = await restartableWs((text) => got.push(text));
    let send: ((n: number) => void) | undefined;
    const source = await wsServer((socket) => {
      send = (n) => socket.send(`m${n}`);
    });
    onTestFinished(source.close);
    const bridge = startCli(['bridge', source.url, `${target.url}|interval=100`, '--one-way', '--count', '30']);
    onTestFinished(() => {
      bridge.child.kill('SIGKILL');
    });
    await expect.poll(() => send !== undefined, { timeout: 60_000 }).toBe(true);
    for (let n = 1; n <= 10; n++) send!(n);
    await expect.poll(() => got.length, { timeout: 60_000 }).toBe(10);
    await target.stop();
    for (let n = 11; n <= 20; n++) send!(n);
    await bridge.waitFor(/holding messages/, 'stderr', 60_000);
    await target.start();
    for (let n = 21; n <= 30; n++) send!(n);
    const { code } = await bridge.result;
    await target.stop();
    expect(code).toBe(0);
    expect(got).toEqual(Array.from({ length: 30 }, (_, i) => `m${i + 1}`));
  });

  it('usage errors: a database as A, a database B without --exec, --exec to a message target, an unknown --map placeholder', async ({
    expect,
  }) => {
    const a = await runCli(['bridge', 'sqlite3://:memory:', 'udp://127.0.0.1:9']);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain('put it second, with --exec');
    const noExec = await runCli(['bridge', 'udp://127.0.0.1:9', 'sqlite3://:memory:']);
    expect(noExec.code).toBe(1);
    expect(noExec.stderr).toContain("--exec 'INSERT INTO feed(raw, at) VALUES (?, ?)'");
    const execToMessages = await runCli(['bridge', 'udp://127.0.0.1:9', 'udp://127.0.0.1:10', '--exec', 'INSERT 1']);
    expect(execToMessages.stderr).toContain('--exec is for a database B');
    const badMap = await runCli(['bridge', 'udp://127.0.0.1:9', 'udp://127.0.0.1:10', '--map', '{dta}']);
    expect(badMap.code).toBe(1);
    expect(badMap.stderr).toContain('--map: unknown placeholder {dta}');
  });
});

describe('omnidial bridge: ws -> mqtt (test-infra)', { timeout: 180_000 }, () => {
  const mqtt = requireService('mqtt');
  if (mqtt === undefined) return;
  it('a subscriber of the mqtt topic gets every ws message', async ({ expect, onTestFinished }) => {
    const topic = uniqueTopic('cli_bridge');
    const subscriber = await dial(`${mqtt.replace(/\/$/, '')}?topic=${topic}`);
    onTestFinished(() => subscriber.close());
    const feed = await wsServer((socket) => {
      for (let i = 1; i <= 5; i++) socket.send(`tick ${i}`);
    });
    onTestFinished(feed.close);
    const run = await runCli([
      'bridge',
      feed.url,
      `${mqtt.replace(/\/$/, '')}?topic=${topic}`,
      '--one-way',
      '--count',
      '5',
    ]);
    expect(run.code).toBe(0);
    const got: unknown[] = [];
    for (let i = 0; i < 5; i++) got.push(await subscriber.read(20_000));
    expect(got).toEqual(['tick 1', 'tick 2', 'tick 3', 'tick 4', 'tick 5']);
  });

  it('mqtt (QoS 1) -> sqlite: every message one row, while the publisher (echo on, qsize=5) never reads', async ({
    expect,
    onTestFinished,
  }) => {
    // The cli-figures mqtt -> sqlite row hung here: the publisher's own echoes filled its
    // queue and its 5th QoS 1 write waited forever for a PUBACK queued behind them.
    const address = `${mqtt.replace(/\/$/, '')}?topic=${uniqueTopic('cli_bridge')}&qos=1`;
    const db = `sqlite3://${join(dir, 'mqtt-feed.db')}`;
    const setup = await dial(db);
    onTestFinished(() => setup.close());
    await setup.exec('CREATE TABLE feed(raw TEXT, at INTEGER)');
    const bridge = startCli([
      'bridge',
      address,
      db,
      '--exec',
      'INSERT INTO feed(raw, at) VALUES (?, ?)',
      '--count',
      '20',
    ]);
    onTestFinished(() => {
      bridge.child.kill('SIGKILL');
    });
    await bridge.waitFor(/bridging/, 'stderr', 120_000);
    const publisher = await dial(`${address}|qsize=5`);
    onTestFinished(() => publisher.close());
    for (let i = 1; i <= 20; i++) {
      const outcome = await Promise.race([
        publisher.write(`m${i}`),
        new Promise((resolve) => setTimeout(resolve, 20_000, 'still waiting')),
      ]);
      expect(outcome, `write m${i}`).toBe(`m${i}`.length);
    }
    expect((await bridge.result).code).toBe(0);
    const { values } = await setup.exec('SELECT count(DISTINCT raw) AS n FROM feed');
    expect(Number(values[0]![0])).toBe(20);
  });
});
