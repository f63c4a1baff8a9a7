import { describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { runCli } from './support/cli.js';
import { tcpEcho, wsServer } from './support/servers.js';

describe.concurrent('omnidial CLI: piping stdin and stdout', { timeout: 120_000 }, () => {
  it('tcp: stdin bytes go out, echoed bytes come back raw (exit 0 at --count)', async ({ onTestFinished }) => {
    const echo = await tcpEcho();
    onTestFinished(echo.close);
    const { code, stdout } = await runCli([echo.url, '--count', '1'], { input: 'hello\nworld\n' });
    expect(code).toBe(0);
    expect(stdout.startsWith('hello\n')).toBe(true);
  });

  it('tcp: --timeout exits 3 once the echo has gone quiet', async ({ onTestFinished }) => {
    const echo = await tcpEcho();
    onTestFinished(echo.close);
    const { code, stdout, stderr } = await runCli([echo.url, '--timeout', '2'], { input: 'ping\n' });
    expect(stderr).toBe('');
    expect(code).toBe(3);
    expect(stdout).toBe('ping\n');
  });

  it('tcp: the server going away exits 4', async ({ onTestFinished }) => {
    const echo = await tcpEcho();
    const run = runCli([echo.url], { keepStdin: true });
    await waitUntil(() => echo.sockets.size > 0);
    await echo.close();
    const { code } = await run;
    expect(code).toBe(4);
  });

  it('ws: each stdin line is one message, each received message one stdout line', async ({ onTestFinished }) => {
    const server = await wsServer((socket) => socket.on('message', (data) => socket.send(`echo:${String(data)}`)));
    onTestFinished(server.close);
    const { code, stdout, stderr } = await runCli([server.url, '--count', '3'], { input: 'a\nb\nc\n' });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe('echo:a\necho:b\necho:c\n');
  });

  it('ws: --until stops at the first matching message, printed, exit 0', async ({ onTestFinished }) => {
    const server = await wsServer((socket) => {
      for (const m of ['tick 1', 'order filled', 'tick 3']) socket.send(m);
    });
    onTestFinished(server.close);
    const { code, stdout } = await runCli([server.url, '--until', 'fill(ed)?$', '--read-only']);
    expect(code).toBe(0);
    expect(stdout).toBe('tick 1\norder filled\n');
  });

  it('ws: --json prints one JSON string per message (newlines survive)', async ({ onTestFinished }) => {
    const server = await wsServer((socket) => socket.send('two\nlines'));
    onTestFinished(server.close);
    const { code, stdout } = await runCli([server.url, '--count', '1', '--json', '--read-only']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout.trim())).toBe('two\nlines');
  });

  it('ws: --newest (read -2) prints only the newest message of a burst', async ({ onTestFinished }) => {
    const server = await wsServer((socket) => {
      for (let i = 1; i <= 50; i++) socket.send(`tick ${i}`);
    });
    onTestFinished(server.close);
    const { code, stdout } = await runCli([server.url, '--newest', '--poll', '500', '--count', '1', '--read-only']);
    expect(code).toBe(0);
    expect(stdout).toBe('tick 50\n');
  });

  it('ws: payload= subscribes, and --write-only publishes stdin then exits 0', async ({ onTestFinished }) => {
    const seen: string[] = [];
    const server = await wsServer((socket) => socket.on('message', (data) => seen.push(String(data))));
    onTestFinished(server.close);
    const { code, stdout } = await runCli([`${server.url}|payload={"op":"sub","a":"x=y&z"}`, '--write-only'], {
      input: 'one\ntwo\n',
    });
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(seen).toEqual(['{"op":"sub","a":"x=y&z"}', 'one', 'two']);
  });

  it('ws: with reconnect=true the bridge survives a dropped link', async ({ onTestFinished }) => {
    let connects = 0;
    const server = await wsServer((socket) => {
      connects += 1;
      socket.send(`hello ${connects}`);
      if (connects === 1) setTimeout(() => socket.terminate(), 100);
    });
    onTestFinished(server.close);
    const { code, stdout } = await runCli([`${server.url}|reconnect=true&interval=100`, '--count', '2', '--read-only']);
    expect(code).toBe(0);
    expect(stdout).toBe('hello 1\nhello 2\n');
  });

  it('SIGINT closes the connection and exits 130', async ({ onTestFinished }) => {
    let child: ChildProcess | undefined;
    const server = await wsServer(() => setTimeout(() => child?.kill('SIGINT'), 200));
    onTestFinished(server.close);
    const { code } = await runCli([server.url, '--read-only'], {
      keepStdin: true,
      started: (c) => {
        child = c;
      },
    });
    expect(code).toBe(130);
  });

  it('-e on a message scheme is a usage error', async ({ onTestFinished }) => {
    const server = await wsServer(() => undefined);
    onTestFinished(server.close);
    const { code, stderr } = await runCli([server.url, '-e', 'SELECT 1']);
    expect(code).toBe(1);
    expect(stderr).toContain('-e and -f are for SQL schemes');
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}
