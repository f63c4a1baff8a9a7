import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRecipes } from './support/recipes.js';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const guide = readRecipes(readFileSync(join(repo, 'docs/guide/bundling.md'), 'utf8'));
const esbuild = join(repo, 'node_modules/.bin/esbuild');
// Asynchronous on purpose: a blocked worker misses vitest's RPC deadlines.
const exec = promisify(execFile);

/** What a user's project has installed: the packages the recipes import, as npm would lay them out. */
const INSTALLED: Record<string, string> = {
  '@omnidial/core': 'packages/core',
  '@omnidial/transport-ws': 'packages/transport-ws',
  omnidial: 'packages/omnidial',
  ws: 'packages/transport-ws/node_modules/ws',
  'socks-proxy-agent': 'packages/transport-ws/node_modules/socks-proxy-agent',
  'better-sqlite3': 'packages/db-sqlite/node_modules/better-sqlite3',
};

let dir = '';

/** Runs a recipe's shell block in the project folder and returns what it printed. */
async function run(name: string): Promise<string> {
  const script = guide.runs.get(name);
  if (script === undefined) throw new Error(`docs/guide/bundling.md has no "run: ${name}" block`);
  const { stdout } = await exec('bash', ['-euo', 'pipefail', '-c', script.replaceAll('npx esbuild', esbuild)], {
    cwd: dir,
    timeout: 180_000,
  });
  return stdout;
}
const size = (path: string): number => statSync(join(dir, path)).size;
const text = (path: string): string => readFileSync(join(dir, path), 'utf8');

describe('docs/guide/bundling.md recipes', () => {
  beforeAll(async () => {
    // The recipes bundle the published entry points (dist/), as users get them.
    await exec('pnpm', ['build'], { cwd: repo });
    dir = mkdtempSync(join(tmpdir(), 'omnidial-bundle-'));
    for (const [name, target] of Object.entries(INSTALLED)) {
      mkdirSync(dirname(join(dir, 'node_modules', name)), { recursive: true });
      symlinkSync(join(repo, target), join(dir, 'node_modules', name));
    }
    for (const [name, body] of guide.files) writeFileSync(join(dir, name), body);
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('one file of core + ws runs, and carries no other client library', async () => {
    expect((await run('single-file')).trim()).toBe('echo:hello');
    const bundle = text('out/app.mjs');
    expect(bundle).toContain('Sec-WebSocket-Key');
    expect(bundle).not.toContain('MqttClient');
    expect(size('out/app.mjs')).toBeLessThan(1_000_000);
  }, 200_000);

  it('a plain ESM bundle without the banner fails as the guide says', async () => {
    await exec(esbuild, ['app.mjs', '--bundle', '--platform=node', '--format=esm', '--outfile=out/plain.mjs'], {
      cwd: dir,
    });
    await expect(exec(process.execPath, ['out/plain.mjs'], { cwd: dir })).rejects.toThrow(
      /Dynamic require of "events"/,
    );
  }, 200_000);

  it('keeping the CommonJS clients external works without the banner', async () => {
    expect((await run('external-clients')).trim()).toBe('echo:hello');
    expect(text('out/app-external.mjs')).not.toContain('Sec-WebSocket-Key');
  }, 200_000);

  it('the umbrella split into chunks runs, with a small entry and each client in its own chunk', async () => {
    expect((await run('umbrella-split')).trim()).toBe('{"columns":["answer"],"values":[[42]]}');
    const entry = text('out/split/umbrella.js');
    expect(size('out/split/umbrella.js')).toBeLessThan(250_000);
    const chunks = readdirSync(join(dir, 'out/split')).map((name) => text(join('out/split', name)));
    const holding = (marker: string): number => chunks.filter((chunk) => chunk.includes(marker)).length;
    for (const marker of ['Sec-WebSocket-Key', 'MqttClient', 'amqplib', 'JetStream']) {
      expect(entry, marker).not.toContain(marker);
      expect(holding(marker), marker).toBeGreaterThan(0);
    }
    expect(chunks.some((chunk) => /from ["']better-sqlite3["']|require\(["']better-sqlite3["']\)/.test(chunk))).toBe(
      true,
    );
  }, 200_000);
});
