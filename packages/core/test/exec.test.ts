import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { describe, expect, it } from 'vitest';
import { diagnosticsChannels } from '../src/diagnostics/channels.js';
import { tableOpener } from './support/table-driver.js';

const open = tableOpener();

describe('exec() arguments (core)', () => {
  it('refuses each bad form with InvalidArgument naming what is wrong, before anything runs', async () => {
    const [link, conn] = await open('in-process');
    const call = conn.exec.bind(conn) as (...args: unknown[]) => Promise<unknown>;
    const cases: [unknown[], string][] = [
      [[42], 'exec() takes (sql, ...params) or ({ sql, params, timeout, signal }), got a number'],
      [[null], 'got null'],
      [[['SELECT 1']], 'got an array'],
      [[{ sql: 'SELECT ?' }, 1], 'exec({ sql, ... }) takes its parameters in params, not as more arguments'],
      [[{ sql: 'SELECT ?', param: [1] }], 'unknown exec option "param"; known: sql, params, timeout, signal'],
      [[{ sql: 'SELECT ?', params: 1 }], 'params must be an array, got a number'],
      [[{ sql: 'SELECT ?', timeout: -1 }], 'timeout must be 0 (none) or a positive number of ms, got -1'],
      [[{ sql: 'SELECT ?', timeout: 'soon' }], 'timeout must be 0 (none) or a positive number of ms, got a string'],
      [[{ sql: 'SELECT ?', signal: {} }], 'signal must be an AbortSignal, got an object'],
      [[''], 'sql must be a non-empty string, got an empty string'],
      [['   '], 'sql must be a non-empty string, got an empty string'],
      [['\u00a0\t\n'], 'sql must be a non-empty string, got an empty string'],
      [[{ sql: 7 }], 'sql must be a non-empty string, got a number'],
    ];
    for (const [args, text] of cases) {
      const error = await call(...args).catch((e: unknown) => e);
      expect(error, text).toMatchObject({ name: 'DialError', code: 'InvalidArgument', op: 'exec' });
      expect((error as Error).message).toContain(text);
    }
    expect(link.ran).toEqual([]);
  });

  it('exec(sql, ...params) and exec({ sql, params }) run the same statement; 0 is no timeout', async () => {
    const [link, conn] = await open('in-process');
    expect((await conn.exec('SELECT ?', 'a')).values).toEqual([['a']]);
    expect((await conn.exec({ sql: 'SELECT ?', params: ['b'] })).values).toEqual([['b']]);
    expect((await conn.exec({ sql: 'SELECT ?', params: ['c'], timeout: 0 })).values).toEqual([['c']]);
    expect((await conn.exec('\u00a0SELECT ?', 'd')).values).toEqual([['d']]);
    expect(link.ran).toEqual(['a', 'b', 'c', 'd']);
  });

  it('an in-process database answers through execNow unless the call has a timeout or a signal', async () => {
    const [link, conn] = await open('in-process');
    await conn.exec('SELECT ?', 'now');
    expect([link.nowCalls, link.execCalls]).toEqual([1, 0]);
    await conn.exec({ sql: 'SELECT ?', params: ['timed'], timeout: 5000 });
    await conn.exec({ sql: 'SELECT ?', params: ['signal'], signal: new AbortController().signal });
    expect([link.nowCalls, link.execCalls]).toEqual([1, 2]);
  });

  it("a statement's failure rejects with op exec; a timeout with Timeout; an abort with Canceled", async () => {
    const [, conn] = await open('network');
    await expect(conn.exec('SELECT ?', 'bad')).rejects.toMatchObject({
      op: 'exec',
      message: expect.stringContaining('the table refused bad'),
    });
    await expect(conn.exec({ sql: 'SELECT ?', params: ['slow'], timeout: 100 })).rejects.toMatchObject({
      code: 'Timeout',
      op: 'exec',
      message: expect.stringContaining('exec timed out after 100 ms'),
    });
    const controller = new AbortController();
    const running = conn.exec({ sql: 'SELECT ?', params: ['slow'], signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(running).rejects.toMatchObject({ code: 'Canceled', op: 'exec' });
  });
});

describe('exec diagnostics (core)', () => {
  it('publishes one exec event per exec() and per execMany() batch, with its error when it failed', async () => {
    const events: { durationMs: number; error?: { code: string } }[] = [];
    const listener = (event: unknown): void => void events.push(event as (typeof events)[number]);
    subscribe(diagnosticsChannels.exec, listener);
    try {
      const [, conn] = await open('in-process');
      await conn.exec('SELECT ?', 'a');
      await conn.execMany('SELECT ?', [['b'], ['c']]);
      await conn.execMany('SELECT ?', [['bad']]).catch(() => undefined);
      expect(events).toHaveLength(3);
      expect(events.map((e) => e.error?.code)).toEqual([undefined, undefined, expect.any(String)]);
      for (const event of events) expect(event.durationMs).toBeGreaterThanOrEqual(0);
    } finally {
      unsubscribe(diagnosticsChannels.exec, listener);
    }
  });
});
