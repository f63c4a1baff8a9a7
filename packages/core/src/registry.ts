import { DialError } from './errors.js';
import { nearest } from './address/index.js';
import type { Connector, Driver, Endpoint } from './driver/types.js';
import type { OptionSchema } from './driver/options.js';
import { commonOptions } from './driver/common-options.js';
import { officialPackageOf, officialSchemes } from './official-packages.js';

/**
 * Maps schemes to drivers. Drivers register their metadata eagerly and load their client
 * library lazily, on the first dial of one of their schemes. Tests use a fresh `Registry`;
 * users get {@link defaultRegistry}, which transport packages fill on import.
 */
export class Registry {
  readonly #drivers = new Map<string, Driver<Endpoint>>();
  readonly #connectors = new Map<Driver<Endpoint>, Promise<Connector<Endpoint>>>();

  /** Makes the driver's schemes dialable. Throws InvalidArgument if a scheme is taken by another driver. */
  register<E extends Endpoint>(driver: Driver<E>): this {
    for (const scheme of driver.schemes) {
      const existing = this.#drivers.get(scheme.toLowerCase());
      if (existing !== undefined && existing !== (driver as unknown)) {
        throw new DialError({
          code: 'InvalidArgument',
          op: 'dial',
          scheme,
          message: `scheme "${scheme}://" is already registered by ${existing.packageName} (driver "${existing.name}")`,
        });
      }
    }
    for (const scheme of driver.schemes) this.#drivers.set(scheme.toLowerCase(), driver as unknown as Driver<Endpoint>);
    return this;
  }

  /** True when `scheme` can be dialed. */
  has(scheme: string): boolean {
    return this.#drivers.has(scheme.toLowerCase());
  }

  /** Registered schemes, sorted. */
  schemes(): string[] {
    return [...this.#drivers.keys()].sort();
  }

  /** Registered drivers, each once. */
  drivers(): Driver<Endpoint>[] {
    return [...new Set(this.#drivers.values())];
  }

  /**
   * The driver for `scheme`. Throws Unimplemented (naming the package to install) for an
   * official scheme whose package is not registered, else InvalidArgument with the known
   * schemes and the nearest one.
   */
  resolve(scheme: string): Driver<Endpoint> {
    const driver = this.#drivers.get(scheme.toLowerCase());
    if (driver !== undefined) return driver;
    const official = officialPackageOf(scheme)?.name;
    if (official !== undefined) {
      throw new DialError({
        code: 'Unimplemented',
        op: 'dial',
        scheme,
        message: `install "${official}" (or "omnidial") and import it to use ${scheme}://`,
      });
    }
    const known = this.schemes();
    const guess = nearest(scheme, [...known, ...officialSchemes()]);
    throw new DialError({
      code: 'InvalidArgument',
      op: 'parse',
      scheme,
      message: `unknown scheme "${scheme}://"${guess === undefined ? '' : `; did you mean "${guess}://"?`} known: ${known.map((s) => `${s}://`).join(', ') || '(none registered)'}`,
    });
  }

  /** Every option key the driver accepts: the common keys that fit its capabilities, then its own. */
  optionSchema(driver: Driver<Endpoint>): OptionSchema {
    return { ...commonOptions(driver.capabilities), ...driver.options };
  }

  /** Loads the driver's connector once; a missing client library becomes Unimplemented. */
  connector(driver: Driver<Endpoint>): Promise<Connector<Endpoint>> {
    let loading = this.#connectors.get(driver);
    if (loading === undefined) {
      loading = driver.load().catch((cause: unknown) => {
        this.#connectors.delete(driver);
        throw new DialError({
          code: 'Unimplemented',
          op: 'dial',
          scheme: driver.schemes[0],
          cause,
          message: `could not load the client library of ${driver.packageName}: ${cause instanceof Error ? cause.message : String(cause)}`,
        });
      });
      this.#connectors.set(driver, loading);
    }
    return loading;
  }
}

/**
 * Where the process-wide registry lives: a `Symbol.for` key on `globalThis`, so every copy of
 * `@omnidial/core` in the process (a CLI installed with npx, a plugin with its own copy) shares
 * one (ADR 0175). The version changes only when `Registry`'s methods change incompatibly.
 */
const REGISTRY_KEY = Symbol.for('omnidial.registry.v1');

function sharedRegistry(): Registry {
  const slots = globalThis as unknown as Record<symbol, Registry | undefined>;
  const existing = slots[REGISTRY_KEY];
  if (existing !== undefined) return existing;
  const created = new Registry();
  Object.defineProperty(globalThis, REGISTRY_KEY, {
    value: created,
    enumerable: false,
    writable: false,
    configurable: false,
  });
  return created;
}

/**
 * The registry `dial()` uses unless given another; transport packages register here on import.
 * One per process, however many copies of `@omnidial/core` are installed.
 */
export const defaultRegistry: Registry = sharedRegistry();
