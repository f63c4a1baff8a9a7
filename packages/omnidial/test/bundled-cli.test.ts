import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';

// The built CLI (`pnpm build`; `pnpm test` builds first), as `npx omnidial` runs it: dist/cli/run.js
// is one esbuild bundle, each lazily loaded command one more beside it (ADR 0311). The
// other CLI tests run the TypeScript sources, so only these see the bundle.
const pkg = fileURLToPath(new URL('..', import.meta.url));
const cli = join(pkg, 'dist/cli');
const main = join(cli, 'main.js');

/** Runs plain node with `args` in `cwd`, stdin /dev/null as in the bench; resolves to its exit code and output. */
function runNode(args: string[], cwd = pkg): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs the built CLI. */
const runBuilt = (args: string[], nodeArgs: string[] = []): ReturnType<typeof runNode> =>
  runNode([...nodeArgs, main, ...args]);

/** The relative modules `file` imports statically (`import ... from "./x.js"`), not `import()`. */
function staticImports(file: string): string[] {
  const code = readFileSync(join(cli, file), 'utf8');
  return [...code.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*"(\.\/[^"]+)"/gm)].map((match) => match[1]!.slice(2));
}

let server: WebSocketServer;
let url = '';

beforeAll(async () => {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (socket) => socket.send('hello from the bundle test'));
  await new Promise((resolve) => server.once('listening', resolve));
  url = `ws://127.0.0.1:${(server.address() as { port: number }).port}/`;
});

afterAll(() => {
  server.close();
});

describe('the bundled CLI (dist/cli, ADR 0311)', () => {
  it('the pipe path opens run.js alone: the CLI modules it needs are bundled into it, not one file per module', () => {
    expect(staticImports('run.js')).toEqual([]);
    for (const module of ['args', 'pipe', 'safe-text', 'status', 'load', 'usage', 'exit-codes', 'sql-output']) {
      expect(existsSync(join(cli, `${module}.js`))).toBe(false);
    }
    // dist/run/log.js imports it: it stays one module, which the bundle imports too.
    expect(existsSync(join(cli, 'table.js'))).toBe(true);
  });

  it('every lazily loaded command links: what it shares with the pipe path it imports from run.js', async () => {
    const commands = readdirSync(cli).filter((file) => file.endsWith('.js') && file !== 'main.js' && file !== 'run.js');
    expect(commands).toEqual(
      expect.arrayContaining(['bridge.js', 'help-scheme.js', 'list.js', 'listen.js', 'record.js', 'sql.js']),
    );
    const imports = commands.map((file) => `await import(${JSON.stringify(`./${file}`)});`).join('\n');
    const linked = await runNode(['--input-type=module', '-e', `${imports}\nconsole.log('linked');`], cli);
    expect(linked).toMatchObject({ code: 0, stdout: 'linked\n' });
    for (const file of commands)
      expect(staticImports(file).filter((target) => target !== 'run.js' && target !== 'table.js')).toEqual([]);
  });

  it('a ws read-only pipe prints the message and never loads worker_threads, fs/promises, readline or fs streams (stdin is never created)', async () => {
    const preload = join(tmpdir(), `omnidial-module-list-${process.pid}.cjs`);
    writeFileSync(
      preload,
      "process.on('exit', () => process.stderr.write(JSON.stringify(process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')))));",
    );
    const run = await runBuilt([url, '--read-only', '-q', '-n', '1'], ['--require', preload]);
    expect(run).toMatchObject({ code: 0, stdout: 'hello from the bundle test\n' });
    const builtins = (JSON.parse(run.stderr) as string[]).map((entry) => entry.slice('NativeModule '.length));
    expect(builtins).toContain('net');
    expect(
      builtins.filter((name) => /^(worker_threads|fs\/promises|readline|internal\/fs\/streams)$/.test(name)),
    ).toEqual([]);
  });

  it('--version reads the package.json two folders above the bundle', async () => {
    const { version } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string };
    expect(await runBuilt(['--version'])).toMatchObject({
      code: 0,
      stdout: `omnidial ${version} (node ${process.version})\n`,
    });
  });

  it('lazily loaded commands run from their bundles: help reaches ../option-rows.js, list lists ws', async () => {
    const help = await runBuilt(['help', 'ws']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('ws://');
    const list = await runBuilt(['list', '--json']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('"scheme":"ws://"');
  });

  it("a lazy command's error is the bundle's UsageError class: an unreadable -f file exits 1 (usage), not 4 (lost)", async () => {
    const run = await runBuilt(['sqlite3://:memory:', '-f', join(tmpdir(), 'omnidial-absent-bundle-test.sql')]);
    expect(run.stderr).toContain('cannot read it');
    expect(run.code).toBe(1);
  });
});
