import { parseArgs } from 'node:util';

/** Parsed command line of the `omnidial` CLI. */
export interface CliArgs {
  readonly positionals: string[];
  readonly help: boolean;
  readonly version: boolean;
  readonly json: boolean;
  /** Force the aligned table even when stdout is not a terminal. */
  readonly table: boolean;
  readonly quiet: boolean;
  readonly readOnly: boolean;
  readonly writeOnly: boolean;
  readonly continueOnError: boolean;
  /** Stop after this many messages. */
  readonly count: number | undefined;
  /** Read timeout in ms: give up (exit 3) when nothing arrives for this long. */
  readonly timeout: number | undefined;
  /** Connect timeout in seconds. */
  readonly connectTimeout: number | undefined;
  /** `wait` (blocking `read(timeout)`), `-1` (poll oldest) or `-2` (poll newest). */
  readonly readMode: 'wait' | -1 | -2;
  /** Polling period for read modes -1 and -2, in ms. */
  readonly pollMs: number;
  /** SQL statements given with `-e`. */
  readonly execute: string[];
  /** Modules to import before dialing (third-party transports). */
  readonly plugins: string[];
}

/** A command line the CLI cannot run; printed with the usage hint, exit code 1. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const READ_MODES: Readonly<Record<string, CliArgs['readMode']>> = {
  wait: 'wait', oldest: -1, '-1': -1, newest: -2, '-2': -2, latest: -2,
};

/** Parses `argv` (without `node` and the script). Throws {@link UsageError}. */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
        json: { type: 'boolean' },
        table: { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        'read-only': { type: 'boolean' },
        'write-only': { type: 'boolean' },
        continue: { type: 'boolean' },
        count: { type: 'string', short: 'n' },
        timeout: { type: 'string', short: 't' },
        'connect-timeout': { type: 'string' },
        'read-mode': { type: 'string' },
        newest: { type: 'boolean' },
        poll: { type: 'string' },
        execute: { type: 'string', short: 'e', multiple: true },
        plugin: { type: 'string', multiple: true },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const v = parsed.values;
  const modeText = v.newest === true ? 'newest' : (v['read-mode'] ?? 'wait');
  const readMode = READ_MODES[modeText];
  if (readMode === undefined) throw new UsageError(`--read-mode must be wait, -1 (oldest) or -2 (newest), got "${modeText}"`);
  if (v['read-only'] === true && v['write-only'] === true) throw new UsageError('--read-only and --write-only exclude each other');
  return {
    positionals: parsed.positionals,
    help: v.help === true,
    version: v.version === true,
    json: v.json === true,
    table: v.table === true,
    quiet: v.quiet === true,
    readOnly: v['read-only'] === true,
    writeOnly: v['write-only'] === true,
    continueOnError: v.continue === true,
    count: number('--count', v.count, 1),
    timeout: number('--timeout', v.timeout, 1),
    connectTimeout: number('--connect-timeout', v['connect-timeout'], 0.001),
    readMode,
    pollMs: number('--poll', v.poll, 1) ?? 100,
    execute: v.execute ?? [],
    plugins: [...(v.plugin ?? []), ...(env.OMNIDIAL_PLUGINS ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '')],
  };
}

function number(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min) throw new UsageError(`${flag} must be a number >= ${min}, got "${text}"`);
  return value;
}
