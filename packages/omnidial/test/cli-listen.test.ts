import { createConnection, createServer } from 'node:net';
import { describe, it } from 'vitest';
import { WebSocket } from 'ws';
import { dial } from '../src/index.js';
import { runCli, startCli } from './support/cli.js';

describe.concurrent('omnidial listen', { timeout: 120_000 }, () => {
  it('ws: a bot dialed with omnidial gets every stdin line; what clients send is printed as JSON lines with their id', async ({
    expect,
    onTestFinished,
  }) => {
    const server = startCli(['listen', 'ws://127.0.0.1:0', '--json']);
    onTestFinished(() => {
      server.child.kill('SIGKILL');
    });
    const [, address] = await server.waitFor(/"event":"listening","address":"(ws:\/\/127\.0\.0\.1:\d+)"/);
    const bot = await dial(address!);
    onTestFinished(() => bot.close());
    const other = new WebSocket(address!);
    const otherGot: string[] = [];
    other.on('message', (data) => otherGot.push(String(data)));
    await new Promise((resolve) => other.once('open', resolve));
    await server.waitFor(/"event":"connect","client":2/);
    server.send('{"price":101.5}');
    expect(await bot.read(20_000)).toBe('{"price":101.5}');
    await expect.poll(() => otherGot, { timeout: 20_000 }).toEqual(['{"price":101.5}']);
    await bot.write('BUY 1');
    other.send(Buffer.from([0, 1, 2]));
    await server.waitFor(/"client":1,"text":"BUY 1"/);
    await server.waitFor(/"client":2,"base64":"AAEC"/);
    other.close();
    await server.waitFor(/"event":"disconnect","client":2/);
    server.child.kill('SIGINT');
    const { code } = await server.result;
    expect(code).toBe(130);
    expect(await bot.read(20_000)).toBe('');
  });

  it('tcp: lines typed before any client wait for the first one; --echo answers the sender; --count ends it (exit 0)', async ({
    expect,
    onTestFinished,
  }) => {
    const server = startCli(['listen', 'tcp://127.0.0.1:0', '--echo', '--count', '2']);
    onTestFinished(() => {
      server.child.kill('SIGKILL');
    });
    const [, port] = await server.waitFor(/listening on tcp:\/\/127\.0\.0\.1:(\d+)/, 'stderr');
    server.send('welcome');
    await server.waitFor(/no client yet/, 'stderr');
    const socket = createConnection(Number(port), '127.0.0.1');
    let got = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      got += chunk;
    });
    socket.write('hello\r\nwor');
    socket.write('ld\n');
    await expect.poll(() => got, { timeout: 20_000 }).toBe('welcome\nhello\nworld\n');
    const { code, stdout } = await server.result;
    expect(code).toBe(0);
    expect(stdout).toBe('hello\nworld\n');
    socket.destroy();
  });

  it('--until stops at the first client message that matches (exit 0)', async ({ expect, onTestFinished }) => {
    const server = startCli(['listen', 'ws://127.0.0.1:0', '--until', 'filled']);
    onTestFinished(() => {
      server.child.kill('SIGKILL');
    });
    const [, address] = await server.waitFor(/listening on (ws:\/\/[\d.:]+)/, 'stderr');
    const client = await dial(address!);
    await client.write('new');
    await client.write('order filled');
    await client.write('late');
    const { code, stdout } = await server.result;
    expect(code).toBe(0);
    expect(stdout).toBe('new\norder filled\n');
    await client.close();
  });

  it('a port in use is a clear Unavailable error naming the port (exit 2)', async ({ expect, onTestFinished }) => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    onTestFinished(
      () =>
        new Promise((resolve) => {
          taken.close(() => resolve(undefined));
        }),
    );
    const { port } = taken.address() as { port: number };
    for (const scheme of ['ws', 'tcp']) {
      const { code, stderr } = await runCli(['listen', `${scheme}://127.0.0.1:${port}`]);
      expect(code).toBe(2);
      expect(stderr).toContain(
        `omnidial: Unavailable: cannot listen on ${scheme}://127.0.0.1:${port}: port ${port} is already in use`,
      );
    }
  });

  it('only ws:// and tcp:// with a port; anything else is a usage error (exit 1)', async ({ expect }) => {
    const udp = await runCli(['listen', 'udp://127.0.0.1:9000']);
    expect(udp.code).toBe(1);
    expect(udp.stderr).toContain('listen serves ws:// and tcp:// only, not udp://');
    const noPort = await runCli(['listen', 'ws://127.0.0.1']);
    expect(noPort.code).toBe(1);
    expect(noPort.stderr).toContain('listen needs ws://HOST:PORT');
  });
});
