// Not `import ... from 'node:util'`: its ES module facade evaluates every export of node:util
// (worker_threads among them), ~2 ms of each start (ADR 0311).
const { parseArgs } = process.getBuiltinModule('node:util');

/** Parsed command line of the `omnidial` CLI. */
export interface CliArgs {
  readonly positionals: string[];
  readonly help: boolean;
  readonly version: boolean;
  readonly json: boolean;
  /** Force the aligned table even when stdout is not a terminal. */
  readonly table: boolean;
  /** SQL results as CSV. */
  readonly csv: boolean;
  readonly quiet: boolean;
  readonly readOnly: boolean;
  readonly writeOnly: boolean;
  readonly continueOnError: boolean;
  /** Stop after this many messages. */
  readonly count: number | undefined;
  /** Read timeout in ms (`--timeout` is given in seconds): give up (exit 3) when nothing arrives for this long. */
  readonly timeout: number | undefined;
  /** Stop (exit 0) after the first message that matches. */
  readonly until: RegExp | undefined;
  /** Connect timeout in seconds. */
  readonly connectTimeout: number | undefined;
  /** `wait` (blocking `read(timeout)`), `-1` (poll oldest) or `-2` (poll newest). */
  readonly readMode: 'wait' | -1 | -2;
  /** Polling period for read modes -1 and -2, in ms. */
  readonly pollMs: number;
  /** SQL given with `-e` (text) and `-f` (files), in command-line order. */
  readonly sql: readonly SqlSource[];
  /** `-e` statements only (for the check that they go to a SQL scheme). */
  readonly execute: string[];
  /** `listen`: send every client message back to every client. */
  readonly echo: boolean;
  /** `bridge`: only A -> B. */
  readonly oneWay: boolean;
  /** `bridge`: template applied to each message (`{data}`, `{at}`, …). */
  readonly map: string | undefined;
  /** `bridge`: SQL run for each message when B is a database. */
  readonly exec: string | undefined;
  /** `record`: the recording file. */
  readonly out: string | undefined;
  /** Modules to import before dialing (third-party transports). */
  readonly plugins: string[];
  /** Read the address from this environment variable (keeps credentials out of `ps`). */
  readonly addressEnv: string | undefined;
  /** Read the address from this file (first line; keeps credentials out of `ps`). */
  readonly addressFile: string | undefined;
}

/** One `-e SQL` or `-f FILE` argument. */
export interface SqlSource {
  readonly kind: 'text' | 'file';
  readonly value: string;
}

/** A command line the CLI cannot run; printed with the usage hint, exit code 1. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const READ_MODES: Readonly<Record<string, CliArgs['readMode']>> = {
  wait: 'wait',
  oldest: -1,
  '-1': -1,
  newest: -2,
  '-2': -2,
  latest: -2,
};

/** Parses `argv` (without `node` and the script). Throws {@link UsageError}. */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      tokens: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
        json: { type: 'boolean' },
        table: { type: 'boolean' },
        csv: { type: 'boolean' },
        file: { type: 'string', short: 'f', multiple: true },
        until: { type: 'string' },
        echo: { type: 'boolean' },
        'one-way': { type: 'boolean' },
        map: { type: 'string' },
        exec: { type: 'string' },
        out: { type: 'string', short: 'o' },
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
        'address-env': { type: 'string' },
        'address-file': { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const v = parsed.values;
  const modeText = v.newest === true ? 'newest' : (v['read-mode'] ?? 'wait');
  const readMode = READ_MODES[modeText];
  if (readMode === undefined)
    throw new UsageError(`--read-mode must be wait, -1 (oldest) or -2 (newest), got "${modeText}"`);
  if (v['read-only'] === true && v['write-only'] === true)
    throw new UsageError('--read-only and --write-only exclude each other');
  const formats = (['json', 'csv', 'table'] as const).filter((f) => v[f] === true);
  if (formats.length > 1) throw new UsageError(`--${formats.join(' and --')} exclude each other`);
  const sql = parsed.tokens.flatMap((t): SqlSource[] => {
    if (t.kind !== 'option' || (t.name !== 'execute' && t.name !== 'file') || t.value === undefined) return [];
    return [{ kind: t.name === 'file' ? 'file' : 'text', value: t.value }];
  });
  if (v['address-env'] !== undefined && v['address-file'] !== undefined)
    throw new UsageError('--address-env and --address-file exclude each other');
  return {
    positionals: parsed.positionals,
    help: v.help === true,
    version: v.version === true,
    json: v.json === true,
    table: v.table === true,
    csv: v.csv === true,
    quiet: v.quiet === true,
    readOnly: v['read-only'] === true,
    writeOnly: v['write-only'] === true,
    continueOnError: v.continue === true,
    count: number('--count', v.count, 1),
    timeout: duration('--timeout', v.timeout),
    until: pattern(v.until),
    connectTimeout: number('--connect-timeout', v['connect-timeout'], 0.001),
    readMode,
    pollMs: number('--poll', v.poll, 1) ?? 100,
    sql,
    execute: v.execute ?? [],
    echo: v.echo === true,
    oneWay: v['one-way'] === true,
    map: v.map,
    exec: v.exec,
    out: v.out,
    plugins: [
      ...(v.plugin ?? []),
      ...(env.OMNIDIAL_PLUGINS ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ],
    addressEnv: v['address-env'],
    addressFile: v['address-file'],
  };
}

function number(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min) throw new UsageError(`${flag} must be a number >= ${min}, got "${text}"`);
  return value;
}

/** `--timeout`: seconds (`1.5`), or with a unit: `500ms`, `2s`, `1m`. Returns milliseconds. */
function duration(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  const ms =
    match === null ? Number.NaN : Number(match[1]) * (match[2] === 'ms' ? 1 : match[2] === 'm' ? 60_000 : 1000);
  if (!(ms >= 1))
    throw new UsageError(`${flag} must be seconds (e.g. 5 or 0.5) or a duration like 500ms, 2s, 1m; got "${text}"`);
  return Math.round(ms);
}

function pattern(text: string | undefined): RegExp | undefined {
  if (text === undefined) return undefined;
  try {
    return new RegExp(text);
  } catch (error) {
    throw new UsageError(
      `--until: not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
