import { describe, expect, it } from 'vitest';
import type { QueryResult } from '../src/driver/index.js';
import { tableOpener } from './support/table-driver.js';
import { DialError } from '../src/errors.js';

const open = tableOpener();

const valuesOf = (results: QueryResult[]): unknown[] => results.map((r) => r.values[0]![0]);

describe.each([
  ['an in-process database (execNow per statement, one turn)', 'in-process'],
  ['an in-process database with a batch path (execManyNow, one turn)', 'batch'],
  ['a database over the network (exec, one after another)', 'network'],
] as const)('execMany on %s (core)', (_name, mode) => {
  it('runs the statement once per parameter list, in order, and resolves to each result', async () => {
    const [link, conn] = await open(mode);
    expect(valuesOf(await conn.execMany('SELECT ?', [['a'], ['b'], ['c']]))).toEqual(['a', 'b', 'c']);
    expect(link.ran).toEqual(['a', 'b', 'c']);
    const calls = { network: link.execCalls, 'in-process': link.nowCalls, batch: link.manyCalls };
    expect(calls[mode]).toBe(mode === 'batch' ? 1 : 3);
    expect(link.execCalls + link.nowCalls + link.manyCalls).toBe(calls[mode]);
  });

  it('a failure names the statement that failed; the ones before it ran, the ones after did not', async () => {
    const [link, conn] = await open(mode);
    const failure = await conn.execMany('SELECT ?', [['a'], ['b'], ['bad'], ['d']]).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DialError);
    expect(failure).toMatchObject({ op: 'exec', index: 2 });
    expect((failure as Error).message).toContain('statement 2 of 4 failed');
    expect((failure as Error).message).toContain('the table refused bad');
    expect(link.ran).toEqual(['a', 'b']);
    expect(valuesOf(await conn.execMany('SELECT ?', [['after']]))).toEqual(['after']);
  });

  it('an empty batch resolves to [] without running anything', async () => {
    const [link, conn] = await open(mode);
    expect(await conn.execMany('SELECT ?', [])).toEqual([]);
    expect(link.nowCalls + link.execCalls + link.manyCalls).toBe(0);
  });
});

describe('execMany arguments, deadline and signal (core)', () => {
  it('refuses bad arguments with InvalidArgument naming what is wrong, before running anything', async () => {
    const [link, conn] = await open('in-process');
    const cases: [unknown, unknown, unknown, string][] = [
      ['', [[1]], undefined, 'sql must be a non-empty string'],
      ['\u00a0 ', [[1]], undefined, 'sql must be a non-empty string'],
      [42, [[1]], undefined, 'sql must be a non-empty string, got a number'],
      ['SELECT ?', 'x', undefined, 'paramSets must be an array of parameter arrays, got a string'],
      ['SELECT ?', [[1], 2], undefined, 'paramSets[1] must be an array of parameters, got a number'],
      ['SELECT ?', [[1]], 'soon', 'the timeout argument must be a number of ms'],
    ];
    for (const [sql, sets, timeout, text] of cases) {
      const error = await (conn.execMany.bind(conn) as (...a: unknown[]) => Promise<unknown>)(sql, sets, timeout).catch(
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: 'InvalidArgument', op: 'exec' });
      expect((error as Error).message).toContain(`execMany: ${text}`);
    }
    expect(link.ran).toEqual([]);
  });

  it('with a timeout every statement goes through exec() with the deadline, even on an in-process database', async () => {
    const [link, conn] = await open('batch');
    expect(valuesOf(await conn.execMany('SELECT ?', [['a'], ['b']], 5_000))).toEqual(['a', 'b']);
    expect([link.manyCalls, link.nowCalls, link.execCalls]).toEqual([0, 0, 2]);
  });

  it('the timeout bounds the whole batch: Timeout, naming the statement that was running', async () => {
    const [link, conn] = await open('network');
    const failure = await conn.execMany('SELECT ?', [['a'], ['slow'], ['c']], 200).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'Timeout', op: 'exec', index: 1 });
    expect(link.ran).toEqual(['a']);
  });

  it('an aborted signal cancels the batch: Canceled, naming the statement that was running', async () => {
    const [link, conn] = await open('network');
    const controller = new AbortController();
    const running = conn.execMany('SELECT ?', [['a'], ['slow'], ['c']], { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    expect(await running.catch((e: unknown) => e)).toMatchObject({ code: 'Canceled', op: 'exec', index: 1 });
    expect(link.ran).toEqual(['a']);
    await expect(conn.execMany('SELECT ?', [['x']], { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'Canceled',
    });
  });

  it('is refused after close', async () => {
    const [, conn] = await open('in-process');
    await conn.close();
    await expect(conn.execMany('SELECT ?', [['a']])).rejects.toMatchObject({ code: 'Closed', op: 'exec' });
  });
});
