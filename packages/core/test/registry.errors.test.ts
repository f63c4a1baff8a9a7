import { describe, expect, it, vi } from 'vitest';
import { Registry, defaultRegistry } from '../src/registry.js';
import { DialError } from '../src/errors.js';
import { thrownDialError } from './support/thrown.js';
import type { Connector, Driver, Endpoint } from '../src/driver/index.js';
import { loopDriver } from './support/loop-driver.js';

function driver(name: string, schemes: string[], load: Driver<Endpoint>['load']): Driver<Endpoint> {
  return { ...loopDriver, name, packageName: `${name}-pkg`, schemes, load } as Driver<Endpoint>;
}

describe('Registry lookups', () => {
  it('has() answers for registered schemes in any case', () => {
    const registry = new Registry().register(loopDriver);
    expect(registry.has('loop')).toBe(true);
    expect(registry.has('LOOP')).toBe(true);
    expect(registry.has('kafka')).toBe(false);
  });

  it('lists schemes sorted, whatever the registration order', () => {
    const registry = new Registry()
      .register(driver('zed', ['zeta'], async () => ({}) as Connector<Endpoint>))
      .register(loopDriver)
      .register(driver('alef', ['alpha', 'beta'], async () => ({}) as Connector<Endpoint>));
    expect(registry.schemes()).toEqual(['alpha', 'beta', 'loop', 'zeta']);
  });
});

describe('Registry errors name the scheme', () => {
  it('a taken scheme: InvalidArgument naming the scheme, the package and the driver holding it', () => {
    const registry = new Registry().register(loopDriver);
    const error = thrownDialError(() => registry.register(driver('other', ['LOOP'], loopDriver.load)));
    expect([error.code, error.op, error.scheme]).toEqual(['InvalidArgument', 'dial', 'LOOP']);
    expect(error.message).toBe(
      `scheme "LOOP://" is already registered by ${loopDriver.packageName} (driver "${loopDriver.name}")`,
    );
    expect(registry.resolve('loop')).toBe(loopDriver);
  });

  it('an official scheme whose package is missing: Unimplemented on dial, naming the package', () => {
    const error = thrownDialError(() => new Registry().resolve('nats'));
    expect([error.code, error.op, error.scheme]).toEqual(['Unimplemented', 'dial', 'nats']);
    expect(error.message).toBe('install "@omnidial/mq-nats" (or "omnidial") and import it to use nats://');
  });

  it('an unknown scheme: a parse error listing the known schemes, with a guess only when one is near', () => {
    const registry = new Registry().register(loopDriver).register(driver('alef', ['alpha'], loopDriver.load));
    const far = thrownDialError(() => registry.resolve('qqqqqqqqqqqq'));
    expect([far.code, far.op, far.scheme]).toEqual(['InvalidArgument', 'parse', 'qqqqqqqqqqqq']);
    expect(far.message).toBe('unknown scheme "qqqqqqqqqqqq://" known: alpha://, loop://');
    expect(thrownDialError(() => registry.resolve('lopo')).message).toBe(
      'unknown scheme "lopo://"; did you mean "loop://"? known: alpha://, loop://',
    );
    expect(thrownDialError(() => new Registry().resolve('qqqqqqqqqqqq')).message).toBe(
      'unknown scheme "qqqqqqqqqqqq://" known: (none registered)',
    );
  });
});

describe('Registry.connector', () => {
  it('loads a driver once and hands every dial the same connector', async () => {
    const connector = {} as Connector<Endpoint>;
    const load = vi.fn(async () => connector);
    const registry = new Registry();
    const lazy = driver('lazy', ['lazy'], load);
    registry.register(lazy);
    expect(await registry.connector(lazy)).toBe(connector);
    expect(await registry.connector(lazy)).toBe(connector);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('a failed load is Unimplemented naming the package and the cause, and the next dial tries again', async () => {
    const cause = new Error("Cannot find package 'some-client'");
    const load = vi.fn(async (): Promise<Connector<Endpoint>> => {
      throw cause;
    });
    const broken = driver('broken', ['broken', 'broken2'], load);
    const registry = new Registry().register(broken);
    const error = (await registry.connector(broken).catch((e: unknown) => e)) as DialError;
    expect(error).toBeInstanceOf(DialError);
    expect([error.code, error.op, error.scheme, error.cause]).toEqual(['Unimplemented', 'dial', 'broken', cause]);
    expect(error.message).toBe("could not load the client library of broken-pkg: Cannot find package 'some-client'");
    await registry.connector(broken).catch(() => undefined);
    expect(load).toHaveBeenCalledTimes(2);
    load.mockRejectedValueOnce('no module');
    const plain = (await registry.connector(broken).catch((e: unknown) => e)) as DialError;
    expect(plain.message).toBe('could not load the client library of broken-pkg: no module');
  });
});

describe('the process-wide registry (ADR 0175)', () => {
  it('is shared by a second copy of the module loaded in the same process', async () => {
    vi.resetModules();
    const again = await import('../src/registry.js');
    expect(again.defaultRegistry).toBe(defaultRegistry);
  });

  it('cannot be deleted and does not show among the enumerable globals', () => {
    const key = Symbol.for('omnidial.registry.v1');
    expect(Reflect.deleteProperty(globalThis, key)).toBe(false);
    expect(Object.prototype.propertyIsEnumerable.call(globalThis, key)).toBe(false);
    expect((globalThis as unknown as Record<symbol, unknown>)[key]).toBe(defaultRegistry);
  });
});
