import { describe, expect, it } from 'vitest';
import { Registry } from '../src/registry.js';
import { OFFICIAL_PACKAGES, officialPackageOf } from '../src/official-packages.js';
import { dial } from '../src/dial.js';
import type { Driver, Endpoint } from '../src/driver/index.js';
import { loopDriver } from './support/loop-driver.js';

describe('Registry', () => {
  it('registers, resolves and lists schemes', () => {
    const registry = new Registry().register(loopDriver);
    expect(registry.schemes()).toEqual(['loop']);
    expect(registry.resolve('LOOP')).toBe(loopDriver);
    expect(registry.drivers()).toEqual([loopDriver]);
  });

  it('refuses a scheme registered by another driver', () => {
    const registry = new Registry().register(loopDriver);
    const other = { ...loopDriver, name: 'other', packageName: 'other-pkg' };
    expect(() => registry.register(other)).toThrow(/already registered by @omnidial\/core/);
    expect(() => registry.register(loopDriver)).not.toThrow();
  });

  it('names the nearest scheme for a typo and lists the known ones', () => {
    const registry = new Registry().register(loopDriver);
    expect(() => registry.resolve('lop')).toThrow(
      expect.objectContaining({ code: 'InvalidArgument', message: expect.stringContaining('did you mean "loop://"') }),
    );
  });

  it('tells which package to install for every official scheme, from the one table', () => {
    expect(() => new Registry().resolve('KAFKA')).toThrow(
      expect.objectContaining({
        code: 'Unimplemented',
        message: expect.stringContaining('install "@omnidial/mq-kafka"'),
      }),
    );
    for (const info of OFFICIAL_PACKAGES) {
      for (const scheme of info.schemes) {
        expect(officialPackageOf(scheme)).toBe(info);
        expect(() => new Registry().resolve(scheme), scheme).toThrow(
          expect.objectContaining({
            code: 'Unimplemented',
            message: expect.stringContaining(`install "${info.name}"`),
          }),
        );
      }
    }
    expect(officialPackageOf('gopher')).toBeUndefined();
  });

  it('suggests an official scheme for a typo even when its package is not registered', () => {
    expect(() => new Registry().resolve('postgress')).toThrow(
      expect.objectContaining({ message: expect.stringContaining('did you mean "postgres://"') }),
    );
  });

  it('loads a driver lazily, once, and reports a missing client library as Unimplemented', async () => {
    let loads = 0;
    const broken: Driver<Endpoint> = {
      ...loopDriver,
      name: 'broken',
      schemes: ['broken'],
      parse: ({ scheme, base }) => ({ scheme, redacted: base, secrets: [] }),
      load: async () => {
        loads += 1;
        throw new Error("Cannot find package 'some-client'");
      },
    };
    const registry = new Registry().register(broken);
    expect(loads).toBe(0);
    await expect(dial('broken://x', { registry })).rejects.toMatchObject({ code: 'Unimplemented' });
    expect(loads).toBe(1);
  });
});
