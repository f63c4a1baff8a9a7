import { DialError } from './errors.js';
import { readAddress, redactAddress, resolveOptions, splitAddress } from './address/index.js';
import type { Endpoint } from './driver/types.js';
import type { ResolvedOptions } from './driver/options.js';
import { DEFAULT_CONNECT_TIMEOUT_S, DEFAULT_QUEUE_BYTES, DEFAULT_QUEUE_SIZE } from './driver/common-options.js';
import type { Connection } from './connection/connection.js';
import { connectionInternals, createConnection } from './connection/internals.js';
import { LinkSupervisor, type PayloadFactory } from './connection/supervisor.js';
import { attemptPreparer, type PrepareHook } from './connection/prepare.js';
import { defaultRegistry, type Registry } from './registry.js';
import { dialHandle } from './handles/index.js';
import { redactParseError } from './parse-error.js';
import { MAX_TIMER_MS } from './connection/delay.js';
import { ConnectionProbe } from './diagnostics/probe.js';

/**
 * The options form of `dial()`'s second argument: the same keys as the `|` options of the
 * address (typed), plus the extras below. Keys written in the address win over these.
 */
export interface DialOptions {
  /** Connect timeout in seconds (default 10). */
  timeout?: number;
  /** Cancels the connect attempt. */
  signal?: AbortSignal;
  /** Registry to resolve the scheme in; default {@link defaultRegistry}. */
  registry?: Registry;
  /**
   * Sent after every connect and reconnect; a function is called each time (for payloads
   * that carry a fresh timestamp or signature).
   */
  payload?: string | readonly string[] | PayloadFactory;
  /**
   * Called before every connect (first dial, each re-dial, `conn.reconnect()`) with the attempt
   * number and the attempt's abort signal; may return a fresh `url`, `headers`, `credentials`
   * and `payload` for that connect, e.g. a login signed with the current time or a new
   * listen key. See {@link PrepareHook}.
   */
  prepare?: PrepareHook;
  /** Any option key of the scheme, e.g. `reconnect`, `qsize`, `headers`. */
  [option: string]: unknown;
}

/** A dial validated and ready to connect: nothing has touched the network yet. */
export interface PreparedDial {
  readonly endpoint: Endpoint;
  readonly connect: () => Promise<Connection>;
}

/**
 * Connects to `address` (docs/design.md#public-api, #address-grammar) and resolves to a {@link Connection}, or rejects with
 * a {@link DialError}. The second argument is a connect timeout in seconds or a
 * {@link DialOptions}. A number from `conn.fd()` reattaches to that same connection.
 */
export async function dial(address: string | number, options?: number | DialOptions): Promise<Connection> {
  const opts = normalize(options);
  if (typeof address === 'number') return dialHandle(address, opts.timeout, opts.signal);
  return prepareDial(address, opts).connect();
}

/**
 * Validates `address` and its options against the scheme's driver without any I/O.
 * Throws DialError(InvalidArgument | Unimplemented).
 */
export function prepareDial(address: string, options: DialOptions = {}): PreparedDial {
  if (typeof address !== 'string') {
    throw new DialError({
      code: 'InvalidArgument',
      op: 'parse',
      message: `address must be a string, got ${typeof address}`,
    });
  }
  const registry = options.registry ?? defaultRegistry;
  const { split, driver, resolved, endpoint } = withAddress(address, () => {
    const split = splitAddress(address);
    const driver = registry.resolve(split.scheme);
    const schema = registry.optionSchema(driver);
    const { url, values } = readAddress(address, schema, driver.queryOptions === true, split);
    const resolved = withObjectExtras(resolveOptions(schema, split.scheme, objectOptions(options), values), options);
    const endpoint = driver.parse({ scheme: split.scheme, base: split.base, url, options: resolved });
    return { split, driver, resolved, endpoint };
  });
  const timeoutS = options.timeout ?? DEFAULT_CONNECT_TIMEOUT_S;
  if (options.prepare !== undefined && typeof options.prepare !== 'function') {
    throw new DialError({
      code: 'InvalidArgument',
      op: 'parse',
      scheme: split.scheme,
      address: redactAddress(address),
      message: `prepare must be a function (attempt, signal) => { url, headers, credentials, payload }, got ${typeof options.prepare}`,
    });
  }
  if (!(timeoutS > 0)) {
    throw new DialError({
      code: 'InvalidArgument',
      op: 'parse',
      scheme: split.scheme,
      address: redactAddress(address),
      message: `timeout must be a positive number of seconds, got ${timeoutS}`,
    });
  }

  const connect = async (): Promise<Connection> => {
    const connector = await registry.connector(driver);
    const probe = new ConnectionProbe(endpoint);
    const connection = createConnection({
      endpoint,
      kind: driver.capabilities.kind,
      queueSize: Number(resolved.qsize ?? DEFAULT_QUEUE_SIZE),
      queueBytes: Number(resolved.qbytes ?? DEFAULT_QUEUE_BYTES),
      block: resolved.overflow === 'block',
      binary: resolved.binary === true,
      redial: connect,
      probe,
    });
    const prepare =
      options.prepare === undefined
        ? undefined
        : attemptPreparer({
            hook: options.prepare,
            endpoint,
            scheme: split.scheme,
            base: split.base,
            options: resolved,
            schema: registry.optionSchema(driver),
            parse: (base, opts) => {
              // A prepared URL's own ?query (brokers) is read like the address's, and wins.
              const read = readAddress(base, registry.optionSchema(driver), driver.queryOptions === true);
              return driver.parse({ scheme: split.scheme, base, url: read.url, options: { ...opts, ...read.values } });
            },
          });
    const supervisor = new LinkSupervisor({
      connector,
      endpoint,
      kind: driver.capabilities.kind,
      options: resolved,
      connectTimeoutMs: Math.min(Math.round(timeoutS * 1000), MAX_TIMER_MS),
      sink: connectionInternals(connection),
      prepare,
      probe,
    });
    connectionInternals(connection).attach(supervisor);
    await supervisor.start(options.signal);
    return connection;
  };
  return { endpoint, connect };
}

let lastError: DialError | undefined;

/**
 * FMZ-compatible `Dial()`: resolves to the connection, or to `null` on failure.
 * The reason for the last `null` is available from {@link lastDialError}.
 */
export async function Dial(address: string | number, options?: number | DialOptions): Promise<Connection | null> {
  try {
    const connection = await dial(address, options);
    lastError = undefined;
    return connection;
  } catch (error) {
    lastError =
      error instanceof DialError
        ? error
        : new DialError({ code: 'Unknown', op: 'dial', message: String(error), cause: error });
    return null;
  }
}

/** Why the last `Dial()` of this thread resolved to `null`; undefined after a success. */
export function lastDialError(): DialError | undefined {
  return lastError;
}

/** The options object without what `resolveOptions` must not see: a `payload` function, `prepare`. */
function objectOptions(options: DialOptions): DialOptions {
  if (typeof options.payload !== 'function' && options.prepare === undefined) return options;
  const { payload, prepare: _prepare, ...rest } = options;
  return typeof payload === 'function' || payload === undefined ? rest : { ...rest, payload };
}

/**
 * Typed extras of the options object that have no address form (`headers`, `tls`, a `payload`
 * function) go to the driver as they are; address options still win.
 */
function withObjectExtras(resolved: ResolvedOptions, options: DialOptions): ResolvedOptions {
  const extras: Record<string, unknown> = {};
  if (typeof options.payload === 'function' && resolved.payload === undefined) extras.payload = options.payload;
  for (const key of ['headers', 'tls'] as const) {
    if (options[key] !== undefined && resolved[key] === undefined) extras[key] = options[key];
  }
  return Object.keys(extras).length === 0 ? resolved : ({ ...resolved, ...extras } as ResolvedOptions);
}

/**
 * Runs validation. Any error is rebuilt so that no credential of `address` remains in its
 * message, `address` or cause; one that is not a DialError (a client library's `URIError`)
 * becomes an `InvalidArgument`.
 */
function withAddress<T>(address: string, validate: () => T): T {
  try {
    return validate();
  } catch (error) {
    const dialError =
      error instanceof DialError
        ? error
        : new DialError({
            code: 'InvalidArgument',
            op: 'parse',
            cause: error,
            message: `invalid address: ${error instanceof Error ? error.message : String(error)}${error instanceof URIError ? ' (every "%" must start a %XX escape)' : ''}`,
          });
    throw redactParseError(dialError, address);
  }
}

function normalize(options: number | DialOptions | undefined): DialOptions {
  if (options === undefined) return {};
  if (typeof options === 'number') return { timeout: options };
  if (typeof options !== 'object' || options === null) {
    throw new DialError({
      code: 'InvalidArgument',
      op: 'parse',
      message: 'the second argument of dial() must be a timeout in seconds or an options object',
    });
  }
  return options;
}
