import { dial, defaultRegistry, type Connection } from '@omnidial/core';
import { UsageError, type CliArgs } from './args.js';
import { compileTemplate, placeholderCount } from './bridge-template.js';
import { pumpDirection, TargetRejected, type Direction, type DirectionEnd } from './bridge-pair.js';
import { EXIT, type ExitCode } from './exit-codes.js';

/** What `omnidial bridge` needs besides its two addresses. */
export interface BridgeContext {
  readonly args: CliArgs;
  readonly stderr: NodeJS.WritableStream;
  onInterrupt(handler: () => void): void;
}

/**
 * `omnidial bridge A B`: everything read from A is written to B, and (unless `--one-way`, or
 * B is a database) everything read from B to A. Both sides are dialed with `reconnect=true`
 * where the scheme supports it (an address may say `reconnect=false`), and a message B does
 * not accept is held and retried, so a restart of B loses nothing. `--map` rewrites each
 * A -> B message; a SQL target runs `--exec` per message with (message, receive time in ms).
 * Ends with Ctrl-C (130), `--count` messages A -> B (0), A gone for good (4), or B rejecting
 * a message for good (5 for SQL, 4 otherwise).
 */
export async function bridge(addresses: readonly string[], ctx: BridgeContext): Promise<ExitCode> {
  const { args } = ctx;
  if (addresses.length !== 2)
    throw new UsageError(
      `bridge takes two addresses, A and B (got ${addresses.length}; quote addresses that contain "|" and "&")`,
    );
  const map = args.map === undefined ? undefined : compileTemplate(args.map);
  let stopped = false;
  const abort = new AbortController();
  const opened: Connection[] = [];
  ctx.onInterrupt(() => {
    stopped = true;
    abort.abort();
    for (const conn of opened) void conn.close();
  });
  const log = (text: string): void => {
    if (!args.quiet) ctx.stderr.write(`omnidial: ${text}\n`);
  };
  try {
    const [a, b] = await Promise.all(
      addresses.map(async (address) => {
        const conn = await dial(address, dialOptions(address, args, abort.signal));
        opened.push(conn);
        return conn;
      }),
    );
    if (a!.kind === 'sql')
      throw new UsageError(`bridge reads from A, and ${a!.scheme}:// is a database; put it second, with --exec`);
    const exec = execFor(b!, args);
    const directions: Promise<DirectionEnd>[] = [];
    let forwarded = 0;
    const common = { stopped: () => stopped, onRetry: (reason: string) => log(`holding messages: ${reason}`) };
    directions.push(
      pumpDirection({
        ...common,
        from: a!,
        to: b!,
        map,
        exec,
        count: args.count,
        onMessage: () => {
          forwarded += 1;
        },
      }),
    );
    if (!args.oneWay && b!.kind !== 'sql') {
      directions.push(
        pumpDirection({ ...common, from: b!, to: a!, map: undefined, exec: undefined, count: undefined }).then(
          () => new Promise<DirectionEnd>(() => undefined),
        ),
      );
    }
    log(`bridging ${a!.address} ${args.oneWay || b!.kind === 'sql' ? '->' : '<->'} ${b!.address}`);
    const end = await Promise.race(directions);
    stopped = true;
    log(`${forwarded} message${forwarded === 1 ? '' : 's'} bridged A -> B`);
    if (end === 'count') return EXIT.ok;
    if (end === 'source-lost') {
      log(`lost ${a!.address}${a!.stats().lastError === undefined ? '' : `: ${a!.stats().lastError!.message}`}`);
      return EXIT.lost;
    }
    return EXIT.interrupted;
  } catch (error) {
    if (stopped && !(error instanceof UsageError) && !(error instanceof TargetRejected)) return EXIT.interrupted;
    if (error instanceof TargetRejected) {
      log(`target refused a message: ${error.message}`);
      return opened[1]?.kind === 'sql' ? EXIT.query : EXIT.lost;
    }
    throw error;
  } finally {
    stopped = true;
    await Promise.all(opened.map((conn) => conn.close()));
  }
}

/** `reconnect=true` by default on schemes that have it; the address can still say otherwise. */
function dialOptions(
  address: string,
  args: CliArgs,
  signal: AbortSignal,
): { timeout?: number; signal: AbortSignal; reconnect?: boolean } {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(address)?.[1] ?? '';
  let reconnects = false;
  try {
    const driver = defaultRegistry.resolve(scheme);
    reconnects = 'reconnect' in defaultRegistry.optionSchema(driver);
  } catch {
    // dial() reports the unknown or uninstalled scheme with its own clear error.
  }
  return { timeout: args.connectTimeout, signal, ...(reconnects ? { reconnect: true } : {}) };
}

function execFor(target: Connection, args: CliArgs): Direction['exec'] {
  if (target.kind !== 'sql') {
    if (args.exec !== undefined) throw new UsageError(`--exec is for a database B; ${target.scheme}:// takes messages`);
    return undefined;
  }
  if (args.exec === undefined)
    throw new UsageError(
      `B is a database (${target.scheme}://): say what to run per message, e.g. --exec 'INSERT INTO feed(raw, at) VALUES (?, ?)'`,
    );
  const params = placeholderCount(args.exec);
  if (params > 2)
    throw new UsageError(
      `--exec binds at most 2 parameters (the message, then its receive time in ms); the statement has ${params}`,
    );
  return { sql: args.exec, params };
}
