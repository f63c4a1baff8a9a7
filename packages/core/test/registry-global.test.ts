import { describe, expect, it } from 'vitest';
import { DialError, isDialError } from '../src/errors.js';
import { defaultRegistry } from '../src/registry.js';

// The cross-copy behaviour itself (a plugin with its own installed copy of core) is covered by
// packages/omnidial/test/plugin-copies.test.ts; these pin the keys other copies look for.
describe('process-wide registry and errors (ADR 0175)', () => {
  it('the default registry lives under the versioned global key, fixed once created', () => {
    const key = Symbol.for('omnidial.registry.v1');
    expect((globalThis as unknown as Record<symbol, unknown>)[key]).toBe(defaultRegistry);
    expect(Reflect.set(globalThis, key, {})).toBe(false);
  });

  it('an error branded by another copy of core is a DialError here', () => {
    const foreign = Object.assign(new Error('from another copy'), { code: 'Timeout' });
    Object.defineProperty(foreign, Symbol.for('omnidial.DialError.v1'), { value: true });
    expect(foreign instanceof DialError).toBe(true);
    expect(isDialError(foreign, 'Timeout')).toBe(true);
    expect(new Error('plain') instanceof DialError).toBe(false);
    expect(isDialError(null)).toBe(false);
  });
});
