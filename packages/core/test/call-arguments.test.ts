// The timeout argument of read, write and readMany (src/connection/args.ts): each bad form is
// refused with InvalidArgument and a message naming what was wrong and what was given.
import { afterAll, describe, expect, it } from 'vitest';
import { dial } from '../src/dial.js';
import type { Connection } from '../src/connection/connection.js';
import { Registry } from '../src/registry.js';
import { LoopServer, loopDriver } from './support/loop-driver.js';
import { failure } from './support/supervisor-harness.js';

const server = new LoopServer('call-arguments');
let conn: Connection;
const connection = async (): Promise<Connection> =>
  (conn ??= await dial('loop://call-arguments', { registry: new Registry().register(loopDriver) }));
afterAll(() => conn?.close());

type Call = (conn: Connection) => Promise<unknown>;
const read =
  (...args: unknown[]): Call =>
  (c) =>
    (c.read as (...a: unknown[]) => Promise<unknown>)(...args);
const write =
  (...args: unknown[]): Call =>
  (c) =>
    (c.write as (...a: unknown[]) => Promise<unknown>)(...args);
const readMany =
  (...args: unknown[]): Call =>
  (c) =>
    (c.readMany as (...a: unknown[]) => Promise<unknown>)(...args);

describe('the timeout argument of read(), write() and readMany()', () => {
  const FORM = 'the timeout argument must be a number of ms or { timeout, signal }';
  it.each([
    ['read', 'a string', read('soon'), `loop: ${FORM}, got a string`],
    ['read', 'null', read(null), `loop: ${FORM}, got null`],
    ['read', 'an array', read([100]), `loop: ${FORM}, got an array`],
    ['read', 'a boolean', read(true), `loop: ${FORM}, got a boolean`],
    ['read', 'NaN', read(Number.NaN), 'loop: the timeout is NaN'],
    ['read', '{ timeout: NaN }', read({ timeout: Number.NaN }), 'loop: timeout must be a number of ms, got NaN'],
    ['read', '{ timeout: "5" }', read({ timeout: '5' }), 'loop: timeout must be a number of ms, got a string'],
    ['read', '{ timeout: {} }', read({ timeout: {} }), 'loop: timeout must be a number of ms, got an object'],
    ['read', '{ signal: 1 }', read({ signal: 1 }), 'loop: signal must be an AbortSignal, got a number'],
    ['read', 'a misspelled key', read({ tmeout: 5 }), 'loop: unknown call option "tmeout"; known: timeout, signal'],
    ['write', 'a string', write('x', 'soon'), `loop: ${FORM}, got a string`],
    ['write', '{ signal: {} }', write('x', { signal: {} }), 'loop: signal must be an AbortSignal, got an object'],
    ['read', 'a readMany timeout of NaN', readMany(2, Number.NaN), 'loop: the timeout is NaN'],
  ])('%s refuses %s', async (op, _what, call, message) => {
    const error = await failure(call(await connection()));
    expect(error).toMatchObject({ code: 'InvalidArgument', op, message });
  });

  it('takes a number of ms or { timeout, signal } (both optional), on read and readMany alike', async () => {
    const c = await connection();
    expect(await c.read(5)).toBeNull();
    expect(await c.read({ timeout: 5 })).toBeNull();
    expect(await c.read({ timeout: 5, signal: new AbortController().signal })).toBeNull();
    expect(await c.readMany(1, 5)).toBeNull();
    expect(await c.readMany(undefined, { timeout: 5 })).toBeNull();
  });

  it('does nothing else when refused: the refused write sends nothing', async () => {
    const c = await connection();
    await failure(c.write('never', 'soon' as never));
    expect(await c.write('sent', { timeout: 1000 })).toBe(4);
    expect(server.received).toEqual(['sent']);
  });
});

describe('readMany(max)', () => {
  it.each([
    ['0', 0, 'got 0'],
    ['a negative number', -3, 'got -3'],
    ['a fraction', 1.5, 'got 1.5'],
    ['a string', '2', 'got a string'],
    ['null', null, 'got null'],
    ['NaN', Number.NaN, 'got NaN'],
  ])('refuses %s as max', async (_what, max, got) => {
    const error = await failure(readMany(max)(await connection()));
    expect(error).toMatchObject({
      code: 'InvalidArgument',
      op: 'read',
      message: `loop: readMany: max must be a positive integer, ${got}`,
    });
  });

  it('takes 1 and larger integers', async () => {
    const c = await connection();
    server.push('one');
    server.push('two');
    await expect(c.readMany(1, 1000)).resolves.toHaveLength(1);
    await expect(c.readMany(5, 1000)).resolves.toHaveLength(1);
  });
});
