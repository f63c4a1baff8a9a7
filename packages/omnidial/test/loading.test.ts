import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const CLIENT_LIBRARIES = [
  'ws',
  'socks',
  'socks-proxy-agent',
  'mqtt',
  '@nats-io',
  'amqplib',
  'kafkajs',
  '@confluentinc',
  'better-sqlite3',
  'mysql2',
  'pg',
  '@clickhouse',
];

/**
 * Runs `script` in a fresh Node process (TypeScript sources through tsx) with a module
 * loader hook that records every resolved URL, and returns the third-party packages loaded.
 */
function packagesLoadedBy(script: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'omnidial-load-'));
  try {
    const log = join(dir, 'resolved.log');
    const hooks = join(dir, 'hooks.mjs');
    writeFileSync(
      hooks,
      `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, result.url + '\\n');
  return result;
}`,
    );
    const register = join(dir, 'register.mjs');
    writeFileSync(
      register,
      `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});`,
    );
    writeFileSync(log, '');
    const run = spawnSync(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', '--import', register, '--input-type=module', '-e', script],
      { cwd: pkg, encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const urls = readFileSync(log, 'utf8')
      .split('\n')
      .filter((u) => u.includes('/node_modules/'));
    return [
      ...new Set(urls.map((u) => /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/.exec(u)?.[1] ?? u)),
    ].sort();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function clientLibraries(packages: string[]): string[] {
  return packages.filter((p) => CLIENT_LIBRARIES.some((lib) => p === lib || p.startsWith(`${lib}/`)));
}

describe('what gets loaded', () => {
  it('@omnidial/core plus @omnidial/transport-net loads no third-party module at all', () => {
    const loaded = packagesLoadedBy(`await import('@omnidial/core'); await import('@omnidial/transport-net');`);
    expect(loaded).toEqual([]);
  });

  it('importing omnidial registers every scheme but loads no client library', () => {
    const loaded = packagesLoadedBy(`const m = await import('omnidial');
if (!m.defaultRegistry.has('wss') || !m.defaultRegistry.has('postgres') || !m.defaultRegistry.has('kafka')) throw new Error('not registered');`);
    expect(clientLibraries(loaded)).toEqual([]);
  });

  it('dialing one scheme loads only its own client library', () => {
    const loaded = packagesLoadedBy(`import { createServer } from 'node:net';
const { dial } = await import('omnidial');
const server = createServer((s) => s.end()).listen(0, '127.0.0.1');
await new Promise((r) => server.on('listening', r));
const conn = await dial('tcp://127.0.0.1:' + server.address().port);
await conn.close(); server.close();`);
    expect(clientLibraries(loaded).filter((p) => p !== 'socks')).toEqual([]);
    const sqlite = packagesLoadedBy(`const { dial } = await import('omnidial');
const conn = await dial('sqlite3://:memory:');
await conn.exec('SELECT 1'); await conn.close();`);
    expect(clientLibraries(sqlite)).toEqual(['better-sqlite3']);
  });
});
