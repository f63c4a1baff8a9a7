import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runCli } from './support/cli.js';

describe('omnidial CLI: commands', () => {
  it('--help prints the usage and the exit codes', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('omnidial <address>');
    expect(stdout).toContain('130 interrupted');
  });

  it('--version prints the package version', async () => {
    const { code, stdout } = await runCli(['--version']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^omnidial \d+\.\d+\.\d+/);
  });

  it('no arguments is a usage error (exit 1)', async () => {
    const { code, stderr } = await runCli([]);
    expect(code).toBe(1);
    expect(stderr).toContain('Usage:');
  });

  it('an unknown flag is a usage error (exit 1)', async () => {
    const { code, stderr } = await runCli(['--frobnicate']);
    expect(code).toBe(1);
    expect(stderr).toContain('--frobnicate');
  });

  it('list shows every registered scheme with its package', async () => {
    const { code, stdout } = await runCli(['list', '--json']);
    expect(code).toBe(0);
    const rows = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { scheme: string; package: string; status: string });
    const byScheme = new Map(rows.map((r) => [r.scheme, r]));
    for (const scheme of ['tcp://', 'udp://', 'tls://', 'unix://', 'ws://', 'wss://', 'sqlite3://']) {
      expect(byScheme.get(scheme)?.status).toBe('installed');
    }
    expect(byScheme.get('ws://')?.package).toBe('@omnidial/transport-ws');
    expect(new Set(rows.map((r) => r.scheme)).size).toBe(rows.length);
  });

  it('list prints an aligned table on request', async () => {
    const { stdout } = await runCli(['list']);
    const [header, rule] = stdout.split('\n');
    expect(header).toMatch(/^scheme\s+package\s+status\s+description$/);
    expect(rule).toMatch(/^-+ {2}-+ {2}-+ {2}-+$/);
  });

  it('help <scheme> lists every option with its default and an example, common keys included', async () => {
    const { code, stdout } = await runCli(['help', 'wss']);
    expect(code).toBe(0);
    expect(stdout).toContain('@omnidial/transport-ws');
    for (const key of ['reconnect', 'interval', 'qsize', 'payload', 'proxy', 'insecure', 'compress']) {
      expect(stdout).toMatch(new RegExp(`^  ${key}\\s`, 'm'));
    }
    expect(stdout).toContain('default 2000');
    expect(stdout).toContain('e.g. reconnect=true');
  });

  it('help <unknown scheme> suggests the nearest one (exit 1)', async () => {
    const { code, stderr } = await runCli(['help', 'wws']);
    expect(code).toBe(1);
    expect(stderr).toContain('InvalidArgument');
    expect(stderr).toMatch(/did you mean "ws{1,2}:\/\/"/);
  });

  it('an unknown option in the address exits 1 before any I/O, naming the key', async () => {
    const { code, stderr } = await runCli(['tcp://127.0.0.1:9|reconect=true']);
    expect(code).toBe(1);
    expect(stderr).toContain('unknown option "reconect"');
  });

  it('a refused connection exits 2 and never prints the password', async () => {
    const { code, stderr } = await runCli(['ws://user:hunter2@127.0.0.1:1/x', '--connect-timeout', '3']);
    expect(code).toBe(2);
    expect(stderr).toContain('Unavailable');
    expect(stderr).not.toContain('hunter2');
  });

  it('a third-party transport given with --plugin shows up in list and help', async () => {
    const plugin = fileURLToPath(new URL('../../../examples/third-party-plugin/src/index.ts', import.meta.url));
    const listed = await runCli(['list', '--json', '--plugin', plugin]);
    expect(listed.stdout).toContain('"scheme":"echo://"');
    const help = await runCli(['help', 'echo'], { env: { OMNIDIAL_PLUGINS: plugin } });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('omnidial-transport-echo');
  });
});
