import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from './support/cli.js';

const repo = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * The situation of `npx omnidial --plugin <package>` or a global install: the plugin resolves
 * its own copy of @omnidial/core, not the CLI's. Both copies must share one registry (ADR 0175).
 */
describe('a plugin with its own copy of @omnidial/core', () => {
  let dir = '';
  let plugin = '';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'omnidial-copies-'));
    cpSync(join(repo, 'examples/third-party-plugin'), join(dir, 'plugin'), {
      recursive: true,
      filter: (src) => !src.includes('node_modules'),
    });
    const core = join(dir, 'plugin/node_modules/@omnidial/core');
    cpSync(join(repo, 'packages/core/package.json'), join(core, 'package.json'));
    cpSync(join(repo, 'packages/core/src'), join(core, 'src'), { recursive: true });
    plugin = join(dir, 'plugin/src/index.ts');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('registers its scheme where the CLI looks: list, help and dial know it', async () => {
    const listed = await runCli(['list', '--json', '--plugin', plugin]);
    expect(listed.stdout).toContain('"scheme":"echo://"');
    const help = await runCli(['help', 'echo', '--plugin', plugin]);
    expect(help.stderr).toBe('');
    expect(help.code).toBe(0);
    const dialed = await runCli(['echo://lobby|uppercase=true', '--plugin', plugin], { input: 'hello\n' });
    expect(dialed.stderr).not.toContain('unknown scheme');
    expect(dialed.stdout).toContain('HELLO');
  }, 120_000);

  it('a DialError thrown by the plugin copy keeps its code in the CLI copy', async () => {
    const bad = await runCli(['echo://bad room!', '--plugin', plugin]);
    expect(bad.stderr).toContain('InvalidArgument');
    expect(bad.stderr).toContain('room must be');
  }, 60_000);
});
