import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EchoServer } from './helpers/echo-server.js';
import { closeAll, dialError, open } from './helpers/registry.js';

const dir = mkdtempSync(join(tmpdir(), 'omnidial-unix-'));
const path = join(dir, 'echo.sock');
const server = new EchoServer();
beforeAll(async () => void (await server.start({ path })));
afterAll(() => server.stop());
afterEach(() => closeAll());

describe('unix: addresses', () => {
  it('an absolute path', async () => {
    const conn = await open(`unix://${path}`);
    await conn.write('abs');
    expect(await conn.read(2000)).toBe('abs');
  });

  it('a path relative to the working directory', async ({ skip }) => {
    const rel = relative(process.cwd(), path);
    if (rel.startsWith('/') || Buffer.byteLength(rel) > 107) skip(`no short relative path from ${process.cwd()}`);
    const conn = await open(`unix://${rel}`);
    await conn.write('rel');
    expect(await conn.read(2000)).toBe('rel');
  });

  it.runIf(process.platform === 'linux')('the Linux abstract namespace (unix://@name)', async () => {
    const abstract = new EchoServer();
    const name = `omnidial-test-${process.pid}`;
    await abstract.start({ path: `\0${name}` });
    try {
      const conn = await open(`unix://@${name}`);
      await conn.write('abstract');
      expect(await conn.read(2000)).toBe('abstract');
    } finally {
      await abstract.stop();
    }
  });
});

describe('unix: errors', () => {
  it('a missing socket file is NotFound', async () => {
    const error = await dialError(`unix://${join(dir, 'missing.sock')}`);
    expect(error.code).toBe('NotFound');
    expect(error.message).toContain('missing.sock');
  });

  it('a file that is not a listening socket is not NotFound', async () => {
    const file = join(dir, 'plain.txt');
    writeFileSync(file, 'x');
    chmodSync(file, 0o600);
    expect(['Unavailable', 'InvalidArgument']).toContain((await dialError(`unix://${file}`)).code);
  });
});
