import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dial, Registry } from '@omnidial/core';
import { recordLine, replayDriver } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'omnidial-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const registry = new Registry().register(replayDriver);
const T0 = 1_764_739_843_000;

/** Writes a recording of `messages` at `T0 + offsets[i]` ms. */
function recording(name: string, messages: (string | Buffer)[], offsets: number[]): string {
  const path = join(dir, name);
  writeFileSync(path, messages.map((m, i) => recordLine(m, T0 + offsets[i]!)).join(''));
  return path;
}

describe('replay://', () => {
  it('plays every message in order through read(), text and bytes, then ends like a closed link', async () => {
    const path = recording('basic.jsonl', ['{"px":1}', Buffer.from([0, 255]), 'third'], [0, 5, 10]);
    const conn = await dial(`replay://${path}?speed=0`, { registry });
    expect(await conn.read(10_000)).toBe('{"px":1}');
    expect(await conn.read(10_000)).toEqual(Buffer.from([0, 255]));
    expect(await conn.read(10_000)).toBe('third');
    expect(await conn.read(10_000)).toBe('');
    expect(conn.state).toBe('disconnected');
    expect(conn.stats().lastError).toMatchObject({
      code: 'Closed',
      message: expect.stringContaining('end of recording'),
    });
    await conn.close();
  });

  it('keeps the recorded gaps at speed=1 and scales them by speed (a message never comes early)', async () => {
    const path = recording('gaps.jsonl', ['a', 'b', 'c'], [0, 300, 900]);
    // Measured from before dial(): playback starts after it, so load can only make messages later.
    const at = async (address: string): Promise<number[]> => {
      const started = performance.now();
      const conn = await dial(address, { registry });
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        expect(await conn.read(20_000)).toBe('abc'[i]);
        times.push(performance.now());
      }
      await conn.close();
      return times.map((t) => t - started);
    };
    const normal = await at(`replay://${path}`);
    expect(normal[1]).toBeGreaterThanOrEqual(300 - 5);
    expect(normal[2]).toBeGreaterThanOrEqual(900 - 5);
    const fast = await at(`replay://${path}|speed=3`);
    expect(fast[2]).toBeGreaterThanOrEqual(300 - 5);
  });

  it('speed=0 does not wait for the gaps (an hour-long gap plays at once)', async () => {
    const path = recording('hour.jsonl', ['open', 'an hour later'], [0, 3_600_000]);
    const conn = await dial(`replay://${path}?speed=0`, { registry });
    expect(await conn.read(10_000)).toBe('open');
    expect(await conn.read(10_000)).toBe('an hour later');
    await conn.close();
  });

  it('drops nothing for a slow reader: at most qsize wait unread, the rest wait in the file (deterministic)', async () => {
    const messages = Array.from({ length: 500 }, (_, i) => `m${i}`);
    const path = recording(
      'many.jsonl',
      messages,
      messages.map((_, i) => i),
    );
    const conn = await dial(`replay://${path}?speed=0|qsize=10`, { registry });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(conn.stats().queued).toBeLessThanOrEqual(10);
    const got: unknown[] = [];
    for await (const message of conn) got.push(message);
    expect(got).toEqual(messages);
    expect(conn.stats().dropped).toBe(0);
    await conn.close();
  });

  it('loop=true plays again from the start; read(-2) gives the newest due message', async () => {
    const path = recording('loop.jsonl', ['x', 'y'], [0, 1]);
    const conn = await dial(`replay://${path}?speed=0&loop=true`, { registry });
    const got: unknown[] = [];
    for (let i = 0; i < 6; i++) got.push(await conn.read(10_000));
    expect(got).toEqual(['x', 'y', 'x', 'y', 'x', 'y']);
    await conn.close();
    const newest = await dial(`replay://${recording('burst.jsonl', ['1', '2', '3'], [0, 0, 0])}?speed=0`, { registry });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await newest.read(-2)).toBe('3');
    await newest.close();
  });

  it('write() is accepted and discarded (a bot may subscribe)', async () => {
    const conn = await dial(`replay://${recording('w.jsonl', ['only'], [0])}`, { registry });
    expect(await conn.write('{"op":"subscribe"}')).toBe(18);
    expect(await conn.read(10_000)).toBe('only');
    await conn.close();
  });

  it('clear errors: a missing file (NotFound), a bad line (Protocol, with its number), bad options (InvalidArgument)', async () => {
    await expect(dial(`replay://${join(dir, 'absent.jsonl')}`, { registry })).rejects.toMatchObject({
      code: 'NotFound',
      message: expect.stringContaining('no recording at'),
    });
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, `${recordLine('ok', T0)}{"t":"soon","text":"x"}\n`);
    const conn = await dial(`replay://${bad}?speed=0`, { registry });
    expect(await conn.read(10_000)).toBe('ok');
    expect(await conn.read(10_000)).toBe('');
    expect(conn.stats().lastError).toMatchObject({
      code: 'Protocol',
      message: expect.stringContaining('bad.jsonl line 2: "t"'),
    });
    await conn.close();
    await expect(dial('replay://x.jsonl?speed=fast', { registry })).rejects.toMatchObject({
      code: 'InvalidArgument',
      message: expect.stringContaining('speed must be a number >= 0'),
    });
    await expect(dial('replay://x.jsonl?sped=2', { registry })).rejects.toMatchObject({
      code: 'InvalidArgument',
      message: expect.stringContaining('unknown query parameter "sped"'),
    });
    await expect(dial('replay://x.jsonl?speed=2|speed=3', { registry })).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
    await expect(dial('replay://', { registry })).rejects.toMatchObject({
      code: 'InvalidArgument',
      message: expect.stringContaining('missing file'),
    });
  });
});
