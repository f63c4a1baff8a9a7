import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// The built packages (`pnpm build`; `pnpm test` builds first), loaded the way users load them:
// a plain node process, no "source" condition (ADR 0302).
const repo = fileURLToPath(new URL('../..', import.meta.url));
const exec = promisify(execFile);

/** Runs an ES module snippet with plain node from `packageDir` and returns what it printed, parsed. */
async function inNode(packageDir: string, code: string): Promise<unknown> {
  const { stdout } = await exec(process.execPath, ['--input-type=module', '-e', code], {
    cwd: join(repo, packageDir),
  });
  return JSON.parse(stdout);
}

/** The JavaScript files under a package's dist/, relative to it. */
function builtScripts(packageDir: string): string[] {
  return (readdirSync(join(repo, packageDir, 'dist'), { recursive: true }) as string[])
    .filter((path) => path.endsWith('.js'))
    .sort();
}

/** The packages built as bundles: every one but omnidial (its workers sit beside their modules). */
const BUNDLED = readdirSync(join(repo, 'packages'))
  .filter((name) => name !== 'omnidial')
  .map((name) => `packages/${name}`);

describe('bundled dist/ (ADR 0302)', () => {
  it.each(BUNDLED)('%s: dist/ holds one script per entry point and its chunks, not one per module', (dir) => {
    const manifest = JSON.parse(readFileSync(join(repo, dir, 'package.json'), 'utf8')) as {
      exports: Record<string, { default?: string }>;
    };
    const entries = Object.values(manifest.exports)
      .map((target) => target.default?.replace('./dist/', ''))
      .filter((path) => path?.endsWith('.js'));
    expect(builtScripts(dir).filter((path) => !path.startsWith('chunks/'))).toEqual(entries.sort());
  });

  it.each(BUNDLED.filter((dir) => dir !== 'packages/core'))(
    '%s: imports @omnidial/core instead of carrying a copy of it',
    (dir) => {
      const code = builtScripts(dir)
        .map((path) => readFileSync(join(repo, dir, 'dist', path), 'utf8'))
        .join('\n');
      expect(code).toMatch(/from "@omnidial\/core(\/driver)?"/);
      expect(code).not.toMatch(/\bclass DialError\b|var DialError = class/);
    },
  );

  it.each(BUNDLED)('%s: every class keeps the name its source gives it', (dir) => {
    const code = builtScripts(dir)
      .map((path) => readFileSync(join(repo, dir, 'dist', path), 'utf8'))
      .join('\n');
    // esbuild appends a digit to a top-level name that clashes with another module's.
    expect(code.match(/\bclass [A-Z]\w*\d\b|\bvar [A-Z]\w*\d = class\b/g) ?? []).toEqual([]);
  });

  it("every entry point of the core and every driver share one core: one registry, one DialError, the source's names", async () => {
    const seen = await inNode(
      'packages/transport-ws',
      `import * as core from '@omnidial/core';
       import * as driver from '@omnidial/core/driver';
       import '@omnidial/transport-ws';
       const error = new driver.DialError({ code: 'InvalidArgument', op: 'dial', message: 'x' });
       // Made by the ws driver's own code (an invalid header name).
       const fromDriver = await core.dial('ws://127.0.0.1:9|header=bad name: v').then(() => undefined, (e) => e);
       console.log(JSON.stringify({
         registry: core.defaultRegistry === driver.defaultRegistry,
         errorClass: core.DialError === driver.DialError,
         recognised: core.isDialError(error),
         driverErrorIsCoreClass: fromDriver instanceof core.DialError && fromDriver.code === 'InvalidArgument',
         wsRegistered: core.defaultRegistry.has('ws'),
         names: [core.DialError.name, core.Registry.name, error.name],
       }));`,
    );
    expect(seen).toEqual({
      registry: true,
      errorClass: true,
      recognised: true,
      driverErrorIsCoreClass: true,
      wsRegistered: true,
      names: ['DialError', 'Registry', 'DialError'],
    });
  });

  it('a driver loads its client code lazily, on the first dial of its scheme, from a chunk beside its entry point', async () => {
    expect(builtScripts('packages/transport-ws').filter((path) => path.startsWith('chunks/')).length).toBeGreaterThan(
      0,
    );
    const loadedAtImport = await inNode(
      'packages/transport-ws',
      `import { createRequire } from 'node:module';
       await import('@omnidial/transport-ws');
       // ws is CommonJS: once loaded, by import or require, it is in the CommonJS module cache.
       const cache = createRequire(import.meta.url).cache;
       console.log(JSON.stringify(Object.keys(cache).some((path) => path.includes('/ws/lib/'))));`,
    );
    expect(loadedAtImport).toBe(false);
  });
});
