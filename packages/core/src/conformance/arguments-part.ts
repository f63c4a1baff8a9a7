import { expect, it } from 'vitest';
import { DialError } from '../errors.js';
import type { Suite } from './helpers.js';

type Call = [
  label: string,
  op: 'read' | 'write' | 'exec',
  call: (conn: Record<string, (...args: unknown[]) => unknown>) => unknown,
];

const STREAM_CALLS: Call[] = [
  ['read(null)', 'read', (c) => c.read!(null)],
  ['read("1000")', 'read', (c) => c.read!('1000')],
  ['read({ timeout: "x" })', 'read', (c) => c.read!({ timeout: 'x' })],
  ['read({ signal: 5 })', 'read', (c) => c.read!({ signal: 5 })],
  ['read({ bogus: 1 })', 'read', (c) => c.read!({ bogus: 1 })],
  ['write(null)', 'write', (c) => c.write!(null)],
  ['write(42)', 'write', (c) => c.write!(42)],
  ['write({})', 'write', (c) => c.write!({})],
  ['write("x", null)', 'write', (c) => c.write!('x', null)],
  ['write("x", -5)', 'write', (c) => c.write!('x', -5)],
  ['write("x", { timeout: "1" })', 'write', (c) => c.write!('x', { timeout: '1' })],
];

const SQL_CALLS: Call[] = [
  ['exec(null)', 'exec', (c) => c.exec!(null)],
  ['exec("")', 'exec', (c) => c.exec!('')],
  ['exec(42)', 'exec', (c) => c.exec!(42)],
  ['exec("SELECT ? AS v", Symbol())', 'exec', (c) => c.exec!('SELECT ? AS v', Symbol('s'))],
  ['exec({ sql: 1 })', 'exec', (c) => c.exec!({ sql: 1 })],
  ['exec({ sql, params: "a" })', 'exec', (c) => c.exec!({ sql: 'SELECT 1', params: 'a' })],
  ['exec({ sql, bogus: 1 })', 'exec', (c) => c.exec!({ sql: 'SELECT 1', bogus: 1 })],
  ['exec({ sql, timeout: -1 })', 'exec', (c) => c.exec!({ sql: 'SELECT 1', timeout: -1 })],
  ['exec({ sql, signal: 5 })', 'exec', (c) => c.exec!({ sql: 'SELECT 1', signal: 5 })],
  ['exec({ sql }, 1)', 'exec', (c) => c.exec!({ sql: 'SELECT 1' }, 1)],
];

/**
 * Every bad argument of every method is a `DialError` `InvalidArgument` naming the method,
 * delivered as a rejection for async methods (never a raw TypeError, never thrown
 * synchronously), and the connection stays usable.
 */
export function badArguments(suite: Suite): void {
  const isSql = suite.input.driver.capabilities.kind === 'sql';
  it('rejects bad arguments of every method with InvalidArgument, and stays usable', async () => {
    const conn = await suite.open();
    const methods = conn as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const [label, op, call] of isSql ? SQL_CALLS : STREAM_CALLS) {
      let pending: unknown;
      expect(() => {
        pending = call(methods);
      }, `${label} throws synchronously`).not.toThrow();
      const error = await (pending as Promise<unknown>).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, label).toBeInstanceOf(DialError);
      expect(error, label).toMatchObject({ code: 'InvalidArgument', op });
    }
    for (const [label, call] of [
      ['on("nope", fn)', () => conn.on('nope' as 'close', () => undefined)],
      ['on("close", 5)', () => conn.on('close', 5 as unknown as () => void)],
      ['off(null, fn)', () => conn.off(null as unknown as 'close', () => undefined)],
    ] as const) {
      expect(call, label).toThrow(DialError);
    }
    if (isSql) expect((await conn.exec('SELECT ? AS v', 'ok')).values).toEqual([['ok']]);
    else expect(conn.state).toBe('open');
  });
}
