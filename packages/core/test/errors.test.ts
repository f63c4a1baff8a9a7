import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DialError, isDialError, withOp, type ErrorCode } from '../src/errors.js';

describe('DialError', () => {
  it('is retryable by default only for Unavailable and Timeout, and an explicit choice wins', () => {
    const codes: ErrorCode[] = ['Unavailable', 'Timeout', 'InvalidArgument', 'Protocol', 'Unimplemented'];
    const retryable = codes.map((code) => new DialError({ code, message: 'x' }).retryable);
    expect(retryable).toEqual([true, true, false, false, false]);
    expect(new DialError({ code: 'Unavailable', message: 'x', retryable: false }).retryable).toBe(false);
    expect(new DialError({ code: 'Protocol', message: 'x', retryable: true }).retryable).toBe(true);
  });

  it('carries a cause only when given one, so inspect output shows no empty cause', () => {
    const plain = new DialError({ code: 'Timeout', message: 'no answer' });
    expect(Object.hasOwn(plain, 'cause')).toBe(false);
    expect(inspect(plain)).not.toContain('cause');
    const cause = new Error('ECONNREFUSED');
    expect(new DialError({ code: 'Unavailable', message: 'refused', cause }).cause).toBe(cause);
  });

  it('shows an index only when it has one, and then as an own enumerable field', () => {
    const plain = new DialError({ code: 'Protocol', message: 'bad' });
    expect('index' in plain).toBe(false);
    expect(inspect(plain)).not.toContain('index');
    const failed = new DialError({ code: 'Protocol', message: 'bad', index: 0 });
    expect(failed.index).toBe(0);
    expect(Object.keys(failed)).toContain('index');
    expect(inspect(failed)).toContain('index: 0');
  });
});

describe('isDialError and withOp', () => {
  it('isDialError checks the code only when one is given', () => {
    const error = new DialError({ code: 'Timeout', message: 'late' });
    expect(isDialError(error)).toBe(true);
    expect(isDialError(error, 'Timeout')).toBe(true);
    expect(isDialError(error, 'Unavailable')).toBe(false);
    expect(isDialError(new Error('late'))).toBe(false);
  });

  it('withOp keeps an error that already names the operation, and copies one that does not', () => {
    const cause = new Error('reset');
    const error = new DialError({
      code: 'Unavailable',
      op: 'read',
      scheme: 'ws',
      address: 'ws://h',
      message: 'ws: reset',
      cause,
      serverCode: 1006,
      retryable: false,
    });
    expect(withOp(error, 'read')).toBe(error);
    const copy = withOp(error, 'write');
    expect(copy).not.toBe(error);
    expect(copy).toMatchObject({
      code: 'Unavailable',
      op: 'write',
      scheme: 'ws',
      address: 'ws://h',
      message: 'ws: reset',
      cause,
      serverCode: 1006,
      retryable: false,
    });
  });
});
