import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../src/cli/run.js';
import { StatusLine } from '../src/cli/status.js';
import { diagnosticGuard, terminalSafe } from '../src/cli/safe-text.js';
import { runCli } from './support/cli.js';

/** Passwords with every character that breaks naive parsing, and unicode. */
const PASSWORDS = ['p/w@d?x&y:z%25Q9', 'Pä$$wörd/@?#ü9', 'S3cret:@/?&%3A'];

/** Every address form whose credentials the CLI must mask; a closed port, so dials fail fast. */
function addresses(pw: string): string[] {
  const enc = encodeURIComponent(pw);
  return [
    `mysql://u:${pw}@127.0.0.1:1/db`,
    `mysql://u:${enc}@127.0.0.1:1/db`,
    `mysql://u:${pw}@tcp(127.0.0.1:1)/db`,
    `postgres://u:${pw}@127.0.0.1:1/db?sslmode=disable`,
    `postgres://u:${enc}@127.0.0.1:1/db?sslmode=disable`,
    `postgres://user=u password=${enc} host=127.0.0.1 port=1 dbname=db sslmode=disable`,
    `postgres://user=u password = ${enc} host=127.0.0.1 port=1 sslmode=disable`,
    `postgres://user=u password='${pw.replace(/['\\]/g, '\\$&')}' host=127.0.0.1 port=1 sslmode=disable`,
    `clickhouse://u:${pw}@127.0.0.1:1/db`,
    `clickhouse://tcp://127.0.0.1:1?username=u&password=${enc}&database=db`,
    `nats://u:${enc}@127.0.0.1:1?topic=t`,
    `ws://127.0.0.1:1/|header=Authorization: Bearer ${enc}`,
  ];
}

/** The spellings that would count as a leak. */
function forms(pw: string): string[] {
  return [pw, encodeURIComponent(pw), Buffer.from(`u:${pw}`).toString('base64')];
}

/** Runs the CLI in this process, capturing what it writes; stderr claims to be a terminal so the status line shows. */
async function capture(argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const writes = [process.stdout.write, process.stderr.write];
  const tty = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
  process.stdout.write = ((chunk: unknown) => ((out += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown) => ((out += String(chunk)), true)) as typeof process.stderr.write;
  Object.defineProperty(process.stderr, 'isTTY', { value: true, configurable: true });
  try {
    const code = await run(argv, { onInterrupt: () => undefined });
    return { code, out };
  } finally {
    [process.stdout.write, process.stderr.write] = writes as [typeof process.stdout.write, typeof process.stderr.write];
    if (tty === undefined) delete (process.stderr as { isTTY?: boolean }).isTTY;
    else Object.defineProperty(process.stderr, 'isTTY', tty);
  }
}

describe('the CLI shows no credential on any output path', () => {
  const cases = PASSWORDS.flatMap((pw) => addresses(pw).map((address) => [address, pw] as const));

  it.each(cases)(
    '%s',
    async (address, pw) => {
      const runs = [];
      for (const argv of [
        [address, '--connect-timeout', '3', '-n', '1', '-t', '500', '--read-only'],
        [address, 'extra-argument'],
        ['help', address],
        [`${address}|reconect=true`, '--read-only'],
      ])
        runs.push(await capture(argv)); // one at a time: capture() swaps the process's streams
      const shown = runs.map((r) => r.out).join('\n');
      for (const form of forms(pw)) expect(shown.includes(form), `${form} in:\n${shown}`).toBe(false);
      expect(runs[0]!.out).toContain('connecting to'); // the status line was shown (and checked above)
      expect(runs[0]!.code).not.toBe(0);
    },
    60_000,
  );

  it('list: a plugin that fails to load with a credential in its error shows it masked', async () => {
    const plugin = join(mkdtempSync(join(tmpdir(), 'omnidial-plugin-')), 'broken.mjs');
    const pw = PASSWORDS[0]!;
    writeFileSync(plugin, `throw new Error(${JSON.stringify(`cannot reach mysql://u:${pw}@db:3306/x`)});\n`);
    const { code, out } = await capture(['list', '--plugin', plugin]);
    expect(code).not.toBe(0);
    expect(out).toContain('cannot reach mysql://u:***@db:3306/x');
    for (const form of forms(pw)) expect(out).not.toContain(form);
  });

  it('the status line masks credentials in reconnect and disconnect text and escapes control characters', () => {
    let written = '';
    const stream = {
      isTTY: true,
      columns: 400,
      write: (text: string) => ((written += text), true),
    } as unknown as NodeJS.WriteStream;
    const pw = 'p/w@d?x&y:z%Q9';
    const status = new StatusLine(stream, false, diagnosticGuard(`mysql://u:${pw}@h/db`));
    status.set(`disconnected: server said "${pw}" \x1b]0;pwned\x07 \x1b[31mred`);
    expect(written).not.toContain(pw);
    expect(written).not.toContain('\x1b]0;');
    expect(written).toContain('\\x1b]0;pwned\\x07');
  });
});

describe('terminalSafe', () => {
  it.each([
    ['ANSI colour', '\x1b[31mred\x1b[0m', '\\x1b[31mred\\x1b[0m'],
    ['OSC title', '\x1b]0;title\x07', '\\x1b]0;title\\x07'],
    ['C1 CSI', '\x9b2J', '\\x9b2J'],
    ['bidi override', 'a\u202eb', 'a\\u202eb'],
    ['lone carriage return', 'a\rb', 'a\\x0db'],
    ['line ends and tabs are kept', 'a\tb\r\nc\n', 'a\tb\r\nc\n'],
  ])('%s', (_name, input, expected) => {
    expect(terminalSafe(input)).toBe(expected);
  });
});

describe('the address can stay off the command line', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'omnidial-cli-'));
  });
  afterEach(() => undefined);

  it('--address-env reads it from the environment; nothing of it is printed', async () => {
    const pw = 'Env-S3cret/@?';
    const r = await runCli(['--address-env', 'BOT_ADDR', '--connect-timeout', '2', '--read-only'], {
      env: { BOT_ADDR: `mysql://u:${encodeURIComponent(pw)}@127.0.0.1:1/db` },
    });
    expect(r.code).toBe(2); // connect failed: the address was read and dialed
    for (const form of forms(pw)) expect(`${r.stdout}${r.stderr}`).not.toContain(form);
    expect(r.stderr).toContain('mysql');
  }, 60_000);

  it('--address-file reads its first line', async () => {
    const file = join(dir, 'address');
    writeFileSync(file, '\nmysql://u:File-S3cret@127.0.0.1:1/db\n');
    const r = await runCli(['--address-file', file, '--connect-timeout', '2', '--read-only']);
    expect(r.code).toBe(2);
    expect(`${r.stdout}${r.stderr}`).not.toContain('File-S3cret');
  }, 60_000);

  it('a missing variable, an unreadable file, or both an address and --address-env are usage errors', async () => {
    expect((await capture(['--address-env', 'OMNIDIAL_NO_SUCH_VARIABLE'])).code).toBe(1);
    expect((await capture(['--address-file', join(dir, 'missing')])).code).toBe(1);
    expect((await capture(['tcp://127.0.0.1:1', '--address-env', 'PATH'])).code).toBe(1);
  });
});
