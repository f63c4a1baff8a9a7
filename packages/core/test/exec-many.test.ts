import { describe, expect, it } from 'vitest';
import type { QueryResult } from '../src/driver/index.js';
import { tableOpener } from './support/table-driver.js';
import { DialError } from '../src/errors.js';

const open = tableOpener();

const valuesOf = (results: QueryResult[]): unknown[] => results.map((r) => r.values[0]![0]);

describe.each([
  ['an in-process database (execNow, one turn)', true],
  ['a database over the network (exec, one after another)', false],
])('execMany on %s (core)', (_name, sync) => {
  it('runs the statement once per parameter list, in order, and resolves to each result', async () => {
    const [link, conn] = await open(sync);
    expect(valuesOf(await conn.execMany('SELECT ?', [['a'], ['b'], ['c']]))).toEqual(['a', 'b', 'c']);
    expect(link.ran).toEqual(['a', 'b', 'c']);
    expect(sync ? link.nowCalls : link.execCalls).toBe(3);
  });

  it('a failure names the statement that failed; the ones before it ran, the ones after did not', async () => {
    const [link, conn] = await open(sync);
    const failure = await conn.execMany('SELECT ?', [['a'], ['b'], ['bad'], ['d']]).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DialError);
    expect(failure).toMatchObject({ op: 'exec', index: 2 });
    expect((failure as Error).message).toContain('statement 2 of 4 failed');
    expect((failure as Error).message).toContain('the table refused bad');
    expect(link.ran).toEqual(['a', 'b']);
    expect(valuesOf(await conn.execMany('SELECT ?', [['after']]))).toEqual(['after']);
  });

  it('an empty batch resolves to [] without running anything', async () => {
    const [link, conn] = await open(sync);
    expect(await conn.execMany('SELECT ?', [])).toEqual([]);
    expect(link.nowCalls + link.execCalls).toBe(0);
  });
});

describe('execMany arguments, deadline and signal (core)', () => {
  it('refuses bad arguments with InvalidArgument naming what is wrong, before running anything', async () => {
    const [link, conn] = await open(true);
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
    const [link, conn] = await open(true);
    expect(valuesOf(await conn.execMany('SELECT ?', [['a'], ['b']], 5_000))).toEqual(['a', 'b']);
    expect([link.nowCalls, link.execCalls]).toEqual([0, 2]);
  });

  it('the timeout bounds the whole batch: Timeout, naming the statement that was running', async () => {
    const [link, conn] = await open(false);
    const failure = await conn.execMany('SELECT ?', [['a'], ['slow'], ['c']], 200).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'Timeout', op: 'exec', index: 1 });
    expect(link.ran).toEqual(['a']);
  });

  it('an aborted signal cancels the batch: Canceled, naming the statement that was running', async () => {
    const [link, conn] = await open(false);
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
    const [, conn] = await open(true);
    await conn.close();
    await expect(conn.execMany('SELECT ?', [['a']])).rejects.toMatchObject({ code: 'Closed', op: 'exec' });
  });
});
