// scrubCause: what a client library attaches to its errors must come out without the credential,
// and objects the client still holds must not be changed (issue #11.5: redaction mutants).
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { scrubCause } from '../src/connection/scrub.js';

const SECRET = 'S3cretPW';
const redact = (text: string): string => text.replaceAll(SECRET, '***');
const leaks = (value: unknown): boolean => inspect(value, { showHidden: true, depth: 20 }).includes(SECRET);

describe('scrubCause', () => {
  it('redacts the message and the stack', () => {
    const error = new Error(`auth failed for u:${SECRET}`);
    scrubCause(error, redact);
    expect(error.message).toBe('auth failed for u:***');
    expect(error.stack).toContain('auth failed for u:***');
    expect(leaks(error)).toBe(false);
  });

  it('keeps an error without a stack without one', () => {
    const error = new Error(`x ${SECRET}`);
    error.stack = undefined;
    scrubCause(error, redact);
    expect(error.stack).toBeUndefined();
    expect(error.message).toBe('x ***');
  });

  it('scrubs nested causes and errors held in properties', () => {
    const inner = new Error(`inner ${SECRET}`);
    const error = new Error('outer', { cause: inner });
    Object.assign(error, { details: { previous: new Error(`held ${SECRET}`) } });
    scrubCause(error, redact);
    expect(inner.message).toBe('inner ***');
    expect(leaks(error)).toBe(false);
  });

  it("replaces a property holding a secret by a redacted copy and leaves the client's object alone", () => {
    const options = { proxy: { host: 'h', password: SECRET, ports: [1, `p-${SECRET}`] } };
    const error = new Error('socks failed');
    Object.defineProperty(error, 'options', { value: options, enumerable: false, writable: true, configurable: true });
    scrubCause(error, redact);
    const copy = (error as unknown as { options: typeof options }).options;
    expect(copy).not.toBe(options);
    expect(copy).toEqual({ proxy: { host: 'h', password: '***', ports: [1, 'p-***'] } });
    expect(Object.getOwnPropertyDescriptor(error, 'options')?.enumerable).toBe(false);
    expect(options.proxy.password).toBe(SECRET);
    expect(leaks(error)).toBe(false);
  });

  it('redacts a string property and keeps clean properties as they are', () => {
    const clean = { host: 'h', port: 1 };
    const error = Object.assign(new Error('boom'), { input: `wss://u:${SECRET}@h/`, clean, code: 'ECONNREFUSED' });
    scrubCause(error, redact);
    expect(error.input).toBe('wss://u:***@h/');
    expect(error.clean).toBe(clean);
    expect(error.code).toBe('ECONNREFUSED');
  });

  it('does not call getters and leaves accessor properties in place', () => {
    let calls = 0;
    const error = new Error('boom');
    Object.defineProperty(error, 'lazy', {
      get: () => {
        calls += 1;
        return SECRET;
      },
      configurable: true,
    });
    scrubCause(error, redact);
    expect(calls).toBe(0);
  });

  it('copies accessor-free objects only: an accessor inside a copied object is dropped, never called', () => {
    let calls = 0;
    const holder = { password: SECRET };
    Object.defineProperty(holder, 'computed', {
      get: () => {
        calls += 1;
        return 'x';
      },
      enumerable: true,
    });
    const error = Object.assign(new Error('boom'), { holder });
    scrubCause(error, redact);
    expect(calls).toBe(0);
    expect(error.holder).toEqual({ password: '***' });
  });

  it('ends on a cause cycle and leaves frozen errors and non-errors alone', () => {
    const a = new Error(`a ${SECRET}`);
    const b = new Error(`b ${SECRET}`, { cause: a });
    Object.assign(a, { cause: b });
    scrubCause(a, redact);
    expect(a.message).toBe('a ***');
    expect(b.message).toBe('b ***');
    const frozen = Object.freeze(new Error(`f ${SECRET}`));
    expect(() => scrubCause(frozen, redact)).not.toThrow();
    expect(() => scrubCause(`text ${SECRET}`, redact)).not.toThrow();
    expect(() => scrubCause(undefined, redact)).not.toThrow();
  });

  it('looks five levels deep and no further (a bound, so a cyclic cause chain ends)', () => {
    const chain: Error[] = [];
    let cause: Error | undefined;
    for (let i = 7; i >= 0; i -= 1) {
      cause = new Error(`level ${i} ${SECRET}`, cause === undefined ? undefined : { cause });
      chain.unshift(cause);
    }
    scrubCause(chain[0], redact);
    expect(chain.slice(0, 6).map((e) => e.message)).toEqual([0, 1, 2, 3, 4, 5].map((i) => `level ${i} ***`));
    expect(chain[6]!.message).toBe(`level 6 ${SECRET}`);
  });

  it('redacts a stack a library already formatted (V8 formats it lazily, from the message at first read)', () => {
    const error = new Error(`auth failed for u:${SECRET}`);
    expect(error.stack).toContain(SECRET);
    scrubCause(error, redact);
    expect(error.stack).toContain('auth failed for u:***');
    expect(leaks(error)).toBe(false);
  });

  it('scrubs the properties of an error without a stack', () => {
    const error = Object.assign(new Error('boom'), { input: `wss://u:${SECRET}@h/` });
    error.stack = undefined;
    scrubCause(error, redact);
    expect(error.input).toBe('wss://u:***@h/');
  });

  it('walks past null, undefined, primitives and cycles to the property that holds the secret', () => {
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    const error = Object.assign(new Error('boom'), {
      none: null,
      missing: undefined,
      port: 5,
      loop,
      input: `u:${SECRET}`,
    });
    scrubCause(error, redact);
    expect(error.input).toBe('u:***');
    expect(error.loop).toBe(loop);
    expect(error).toMatchObject({ none: null, missing: undefined, port: 5 });
  });

  it('copies cyclic objects and arrays that hold a secret without looping and without a way back to the original', () => {
    const holder: Record<string, unknown> = { password: SECRET, none: null, port: 5 };
    holder.self = holder;
    const list: unknown[] = [`p-${SECRET}`];
    list.push(list);
    const error = Object.assign(new Error('boom'), { holder, list });
    scrubCause(error, redact);
    expect(leaks(error)).toBe(false);
    expect(error.holder).toMatchObject({ password: '***', none: null, port: 5, self: { password: '***' } });
    expect(inspect(error.holder, { depth: 20 })).toContain("'[not copied: nested too deep]'");
    expect((error.list as unknown[])[0]).toBe('p-***');
    expect(holder.password).toBe(SECRET);
  });

  it('finds a secret five objects deep and copies down to it; deeper, the property is left as it is (a bound)', () => {
    const nest = (depth: number): Record<string, unknown> => {
      let value: Record<string, unknown> = { password: SECRET };
      for (let i = 0; i < depth; i += 1) value = { next: value };
      return value;
    };
    const five = nest(5);
    const six = nest(6);
    const error = Object.assign(new Error('boom'), { five, six });
    scrubCause(error, redact);
    expect(error.five).not.toBe(five);
    expect(inspect(error.five, { depth: 20 })).not.toContain(SECRET);
    expect(inspect(error.five, { depth: 20 })).toContain('***');
    expect(error.six).toBe(six);
  });

  it('counts the levels of a copied object toward the bound of the errors found inside it', () => {
    let cause: Error | undefined;
    const chain: Error[] = [];
    for (let i = 6; i >= 0; i -= 1) {
      cause = new Error(`level ${i} ${SECRET}`, cause === undefined ? undefined : { cause });
      chain.unshift(cause);
    }
    // error (0) → holder (1) → chain[0] scrubbed at 2, its causes at 3, 4, 5; chain[4] would be 6.
    const error = Object.assign(new Error('boom'), { holder: { first: chain[0] } });
    scrubCause(error, redact);
    expect(chain.map((e) => e.message.includes(SECRET))).toEqual([false, false, false, false, true, true, true]);
  });

  it('skips keys an exotic object lists without a descriptor', () => {
    const odd = new Proxy(
      {},
      {
        ownKeys: () => ['ghost', 'password'],
        getOwnPropertyDescriptor: (_target, key) =>
          key === 'password' ? { value: SECRET, writable: true, enumerable: true, configurable: true } : undefined,
      },
    );
    const error = Object.assign(new Error('boom'), { odd });
    scrubCause(error, redact);
    expect(error.odd).toEqual({ password: '***' });
  });
});
