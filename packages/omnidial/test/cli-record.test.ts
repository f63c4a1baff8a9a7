import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { dial } from '../src/index.js';
import { runCli } from './support/cli.js';
import { wsServer } from './support/servers.js';

const dir = mkdtempSync(join(tmpdir(), 'omnidial-record-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.concurrent('omnidial record and replay://', { timeout: 120_000 }, () => {
  it('record writes each message with its receive time, text or base64; replay:// plays it back through read()', async ({
    expect,
    onTestFinished,
  }) => {
    const feed = await wsServer((socket) => {
      socket.send('{"px":101.5}');
      setTimeout(() => socket.send(Buffer.from([0, 1, 255])), 200);
      setTimeout(() => socket.send('last'), 400);
    });
    onTestFinished(feed.close);
    const out = join(dir, 'feed.jsonl');
    const before = Date.now();
    const run = await runCli(['record', feed.url, '--out', out, '--count', '3']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`recorded 3 messages to ${out}`);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { t: number; text?: string; base64?: string });
    expect(lines.map(({ text, base64 }) => ({ text, base64 }))).toEqual([
      { text: '{"px":101.5}', base64: undefined },
      { text: undefined, base64: 'AAH/' },
      { text: 'last', base64: undefined },
    ]);
    expect(lines[0]!.t).toBeGreaterThanOrEqual(before);
    expect(lines[1]!.t).toBeGreaterThan(lines[0]!.t);
    expect(lines[2]!.t).toBeGreaterThan(lines[1]!.t);

    const replay = await dial(`replay://${out}?speed=0`);
    expect([await replay.read(10_000), await replay.read(10_000), await replay.read(10_000)]).toEqual([
      '{"px":101.5}',
      Buffer.from([0, 1, 255]),
      'last',
    ]);
    expect(await replay.read(10_000)).toBe('');
    await replay.close();
  });

  it('the pipe plays a recording to stdout and exits 0 at its end', async ({ expect }) => {
    const out = join(dir, 'pipe.jsonl');
    const feed = await wsServer((socket) => {
      for (const m of ['a', 'b']) socket.send(m);
    });
    await runCli(['record', feed.url, '--out', out, '--count', '2']);
    await feed.close();
    const run = await runCli([`replay://${out}?speed=0`]);
    expect(run.stdout).toBe('a\nb\n');
    expect(run.code).toBe(0);
  });

  it('record needs --out, refuses a database, and names a file it cannot write (exit 1)', async ({ expect }) => {
    const noOut = await runCli(['record', 'udp://127.0.0.1:9']);
    expect(noOut.code).toBe(1);
    expect(noOut.stderr).toContain('record needs --out FILE');
    const db = await runCli(['record', 'sqlite3://:memory:', '--out', join(dir, 'x.jsonl')]);
    expect(db.code).toBe(1);
    expect(db.stderr).toContain('record reads messages; sqlite3:// is a database');
    const bad = await runCli(['record', 'udp://127.0.0.1:9', '--out', join(dir, 'no', 'such', 'dir.jsonl')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('cannot write it (ENOENT)');
  });
});
