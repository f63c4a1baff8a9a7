import { createHash, createHmac, generateKeyPairSync, verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { runCli, type CliResult } from './support/cli.js';

// Every run starts a script thread and an engine thread from TypeScript sources on a loaded machine.
vi.setConfig({ testTimeout: 120_000 });
const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/run/${name}`, import.meta.url));

/** Runs a script and sends `signal` once its output contains `when`. */
function runUntil(args: string[], when: string, signal: NodeJS.Signals): Promise<CliResult> {
  return runCli(args, {
    started(child) {
      let seen = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes(when)) {
          seen = '';
          child.kill(signal);
        }
      });
    },
  });
}

describe('omnidial run: lifecycle', () => {
  it('calls main(), then onexit(), and exits 0; script arguments come after --', async () => {
    const result = await runCli(['run', fixture('lifecycle.js'), '--', 'a', 'b c']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} args: \["a","b c"\]$/m);
    expect(result.stdout).toContain('steps: main,onexit');
    expect(result.code).toBe(0);
  });

  it("exits 1 with the script's stack on an uncaught error, after onexit()", async () => {
    const result = await runCli(['run', fixture('lifecycle.js'), '--', 'fail']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Error: boom from the script');
    expect(result.stderr).toContain('lifecycle.js:6');
    expect(result.stdout).toContain('steps: main,onexit');
  });

  it('SIGINT interrupts a blocking Sleep(): onexit() runs, exit code 130', async () => {
    const result = await runUntil(['run', fixture('lifecycle.js'), '--', 'wait'], 'waiting', 'SIGINT');
    expect(result.stdout).toContain('steps: main,onexit');
    expect(result.code).toBe(130);
  });

  it('SIGTERM interrupts a blocking read(): onexit() runs, exit code 143', async () => {
    const result = await runUntil(
      ['run', fixture('lifecycle.js'), '--', 'read', 'udp://127.0.0.1:9'],
      'reading',
      'SIGTERM',
    );
    expect(result.stdout).toContain('steps: main,onexit');
    expect(result.code).toBe(143);
  });

  it('names what is wrong with the command line or the script', async () => {
    expect(await runCli(['run'])).toMatchObject({ code: 1, stderr: expect.stringContaining('needs a script') });
    expect(await runCli(['run', 'no-such-script.js'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('no such script: no-such-script.js'),
    });
    expect(await runCli(['run', fixture('lifecycle.js'), '--map', 'nothing'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--map needs FROM=TO'),
    });
    expect(await runCli(['run', fixture('globals.js'), '--bogus'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--bogus'),
    });
    const noMain = await runCli(['run', fixture('../echo-peer.mjs')]);
    expect(noMain.code).toBe(1);
  });
});

describe('omnidial run: FMZ globals', () => {
  it('gives Log, LogStatus, Sleep, Unix, UnixNano, _D, _N, Encode, HMAC, exchange.*, _, and Dial with --map', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url').toString('base64');
    const result = await runCli(['run', fixture('globals.js'), '--map', 'wss://exchange.invalid=ws://127.0.0.1:1'], {
      env: { OMNIDIAL_SECRET_KEY: seed },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n').map((l) => l.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} /, ''));
    const line = (name: string): string | undefined => lines.find((l) => l === name || l.startsWith(`${name} `));
    expect(line('Unix')).toBe('Unix number 10 UnixNano true');
    expect(line('_N')).toBe('_N 3.14 2.7182 -1.9');
    expect(line('_D')).toBe('_D 19 19');
    const okx = createHmac('sha256', 'secret').update('abcGET/users/self/verify').digest('base64');
    expect(line('HMAC')).toBe(`HMAC ${okx} ${createHmac('sha256', 'key').update('data').digest('hex')}`);
    expect(line('Encode')).toBe(`Encode ${createHash('sha256').update('abc').digest('hex')} aGk=`);
    const signature = line('ed25519')!.split(' ')[1]!;
    expect(verify(null, Buffer.from('payload'), publicKey, Buffer.from(signature, 'base64'))).toBe(true);
    expect(line('each')).toBe('each 2+4+6');
    expect(line('exec')).toBe('exec {"columns":["n"],"values":[[42]]}');
    expect(line('mapped')).toMatch(/^mapped true .*127\.0\.0\.1:1/);
    expect(result.stdout).toContain('status: \nPrices\npair      last\n--------  -------\nBTC-USDT  42000.5\n');
    expect(line('colored')).toBe('colored');
  });
});

describe('omnidial run --map to a recording', () => {
  it('a strategy written for a live feed reads a replay:// recording through --map, deterministically', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'omnidial-run-replay-'));
    try {
      const trades = [
        ['100.5', 0],
        ['101.0', 120],
        ['100.75', 30],
        ['102.25', 250],
        ['101.5', 10],
      ] as const;
      let t = 1_764_700_000_000;
      const lines = trades.map(([p, gap]) => {
        t += gap;
        return JSON.stringify({ t, text: JSON.stringify({ e: 'trade', p, q: '0.5', T: t }) });
      });
      const feed = join(dir, 'btc.jsonl');
      writeFileSync(feed, `${lines.join('\n')}\n`);
      const args = [
        'run',
        fixture('replay-strategy.js'),
        '--map',
        `wss://stream.example.invalid/ws/btcusdt@trade=replay://${feed}?speed=0`,
      ];
      const logged = (result: CliResult): string[] =>
        result.stdout
          .trim()
          .split('\n')
          .map((l) => l.replace(/^\S+ \S+ /, ''));
      const first = await runCli(args);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(logged(first)).toEqual([
        'trade 1 100.5 at 1764700000000 avg 100.5',
        'trade 2 101.0 at 1764700000120 avg 100.75',
        'trade 3 100.75 at 1764700000150 avg 100.75',
        'trade 4 102.25 at 1764700000400 avg 101.125',
        'trade 5 101.5 at 1764700000410 avg 101.2',
        'done 5 trades',
      ]);
      expect(logged(await runCli(args))).toEqual(logged(first));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
