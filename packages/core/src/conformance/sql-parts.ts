import { expect, it } from 'vitest';
import { dial } from '../dial.js';
import type { Suite } from './helpers.js';

/** exec(), errors that leave the connection usable, read/write refused, handles. */
export function sql(suite: Suite): void {
  const failing = suite.input.harness.failingSql ?? 'SELECT * FROM no_such_table_omnidial';

  it('exec() gives { columns, values } with bound parameters', async () => {
    const conn = await suite.open();
    const result = await conn.exec('SELECT ? AS v', "it's a&b=c; DROP TABLE x --");
    expect(result.columns).toEqual(['v']);
    expect(result.values).toEqual([["it's a&b=c; DROP TABLE x --"]]);
  });

  it("a result's columns are frozen: changing them throws, and later results of the statement keep theirs", async () => {
    const conn = await suite.open();
    const first = await conn.exec('SELECT ? AS v', 1);
    const columns = first.columns as string[];
    expect(() => columns.push('w')).toThrow(TypeError);
    expect(() => {
      columns[0] = 'changed';
    }).toThrow(TypeError);
    expect((await conn.exec('SELECT ? AS v', 2)).columns).toEqual(['v']);
    expect((await conn.execMany('SELECT ? AS v', [[3]]))[0]!.columns).toEqual(['v']);
  });

  it('a failing statement rejects with Query and the connection stays usable', async () => {
    const conn = await suite.open();
    const error = await conn.exec(failing).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'DialError', code: 'Query' });
    expect((error as Error).message.length).toBeGreaterThan(0);
    const after = await conn.exec('SELECT ? AS v', 'still-usable');
    expect(after.values).toEqual([['still-usable']]);
  });

  it('read() and write() are Unimplemented on a database', async () => {
    const conn = await suite.open();
    await expect(conn.read(-1)).rejects.toMatchObject({ code: 'Unimplemented' });
    await expect(conn.write('x')).rejects.toMatchObject({ code: 'Unimplemented' });
  });

  it('closes idempotently and refuses exec afterwards', async () => {
    const conn = await suite.open();
    await conn.close();
    await conn.close();
    await expect(conn.exec('SELECT ? AS v', 1)).rejects.toMatchObject({ code: 'Closed' });
  });

  it('dial(fd()) runs statements on the same database, after the original close()', async () => {
    const conn = await suite.open();
    const view = await dial(conn.fd());
    await conn.exec('SELECT ? AS v', 'before-close');
    await conn.close();
    // The link stays open for the view; the holder that closed refuses statements all the same.
    await expect(conn.exec('SELECT ? AS v', 'closed-holder')).rejects.toMatchObject({ code: 'Closed' });
    const result = await view.exec('SELECT ? AS v', 'through-handle');
    expect(result.values).toEqual([['through-handle']]);
    await view.close();
  });
}

const NO_SLOW =
  'the harness gives no slowSql (an embedded database runs a statement synchronously: nothing can ' +
  'interrupt it); the core logic is covered live by "conformance: postgres > execSignal"';

/** `exec({ sql, params, timeout, signal })`: the caller's deadline and signal reach the statement. */
export function execSignal(suite: Suite): void {
  const slow = suite.input.harness.slowSql;

  it('exec({ sql, params }) gives what exec(sql, ...params) gives', async () => {
    const conn = await suite.open();
    const result = await conn.exec({ sql: 'SELECT ? AS v', params: ['options-form'] });
    expect(result.values).toEqual([['options-form']]);
  });

  it('an aborted signal rejects exec() with Canceled before the statement runs', async () => {
    const conn = await suite.open();
    const error = await conn.exec({ sql: 'SELECT 1', signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'DialError', code: 'Canceled', op: 'exec' });
  });

  const slowIt =
    slow === undefined
      ? (title: string, _fn: () => Promise<void>) => it.skip(`${title} — skipped: ${NO_SLOW}`, () => undefined)
      : it;
  slowIt('a slow statement rejects with Timeout after its timeout, and the connection stays usable', async () => {
    const conn = await suite.open();
    const error = await conn.exec({ sql: slow!, timeout: 300 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'DialError', code: 'Timeout', op: 'exec' });
    expect((await conn.exec('SELECT ? AS v', 'after-timeout')).values).toEqual([['after-timeout']]);
  });

  slowIt('aborting the signal of a running statement rejects with Canceled', async () => {
    const conn = await suite.open();
    const controller = new AbortController();
    const running = conn.exec({ sql: slow!, signal: controller.signal }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 300);
    expect(await running).toMatchObject({ name: 'DialError', code: 'Canceled', op: 'exec' });
    expect((await conn.exec('SELECT ? AS v', 'after-cancel')).values).toEqual([['after-cancel']]);
  });
}

/** `execMany(sql, paramSets)`: one statement per parameter list, in order, on the real database. */
export function execMany(suite: Suite): void {
  const failing = suite.input.harness.failingSql ?? 'SELECT * FROM no_such_table_omnidial';

  it('runs the statement once per parameter list and resolves to the results in order', async () => {
    const conn = await suite.open();
    const texts = Array.from({ length: 50 }, (_, i) => `row-${i}`);
    const results = await conn.execMany(
      'SELECT ? AS v',
      texts.map((text) => [text]),
    );
    expect(results.map((r) => r.values)).toEqual(texts.map((text) => [[text]]));
    expect(results[0]!.columns).toEqual(['v']);
  });

  it('a failing statement rejects with Query naming its index, and the connection stays usable', async () => {
    const conn = await suite.open();
    const error = await conn.execMany(failing, [[], []]).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'DialError', code: 'Query', op: 'exec', index: 0 });
    expect((await conn.execMany('SELECT ? AS v', [['still-usable']]))[0]!.values).toEqual([['still-usable']]);
  });

  it('[] runs nothing; bad parameter lists are refused before anything runs; Closed after close', async () => {
    const conn = await suite.open();
    expect(await conn.execMany('SELECT ? AS v', [])).toEqual([]);
    await expect(conn.execMany('SELECT ? AS v', [['ok'], 'no' as unknown as unknown[]])).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
    await conn.close();
    await expect(conn.execMany('SELECT ? AS v', [['late']])).rejects.toMatchObject({ code: 'Closed' });
  });
}
