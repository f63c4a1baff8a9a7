import { dial, defaultRegistry, isDialError, type Connection } from '@omnidial/core';
import { parseCliArgs, UsageError, type CliArgs } from './args.js';
import { dialExitCode, EXIT, type ExitCode } from './exit-codes.js';
import { loadTransports } from './load.js';
import { pipe } from './pipe.js';
import { StatusLine } from './status.js';
import { USAGE } from './usage.js';
import { diagnosticGuard, guardStream, terminalSafe, type TextGuard } from './safe-text.js';

// Not `import ... from 'node:fs'`: its ES module facade evaluates every export of node:fs, and
// `fs.promises` loads node:fs/promises and readline's internals (start-up time, ADR 0311).
const { readFileSync } = process.getBuiltinModule('node:fs');

// Every command but the pipe is imported when it runs: `omnidial URL` loads only what piping needs
// (docs/decisions/0270).

/** Hooks the entry point gives `run()`: SIGINT wiring. */
export interface RunHooks {
  /** Registers the function to call on SIGINT. */
  onInterrupt(handler: () => void): void;
}

/** Runs the CLI with `argv` (without `node` and the script) and resolves to the exit code. */
export async function run(argv: string[], hooks: RunHooks): Promise<ExitCode | number> {
  if (argv[0] === 'run') return (await import('../run/command.js')).runScript(argv.slice(1));
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    return usageError(error);
  }
  if (args.version) return print(`${version()}\n`);
  let fromOption: string | undefined;
  try {
    fromOption = addressFromOption(args);
  } catch (error) {
    return usageError(error);
  }
  if (fromOption !== undefined && args.positionals.length > 0) {
    return usageError(
      new UsageError('give the address either on the command line or with --address-env/--address-file, not both'),
    );
  }
  const [command, ...rest] = fromOption === undefined ? args.positionals : [fromOption];
  if (args.help || command === undefined)
    return print(USAGE, command === undefined && !args.help ? EXIT.usage : EXIT.ok);
  try {
    const dialing = command === 'record' ? rest[0] : command === 'bridge' || command === 'listen' ? undefined : command;
    const statuses = await loadTransports(args.plugins, process.cwd(), dialing);
    if (command === 'list') return print((await import('./list.js')).listSchemes(defaultRegistry, statuses, args.json));
    if (command === 'help')
      return print(
        rest[0] === undefined ? USAGE : (await import('./help-scheme.js')).schemeHelp(defaultRegistry, rest[0]),
      );
  } catch (error) {
    return fail(error, EXIT.usage);
  }
  if (command === 'record') {
    if (rest.length !== 1)
      return usageError(
        new UsageError(`record takes one address, got ${rest.length} (quote addresses that contain "|" and "&")`),
        rest.join(' '),
      );
    return connectAndRun(rest[0]!, args, hooks, 'record');
  }
  if (command === 'bridge')
    return commandWithAddress(
      'bridge',
      rest,
      async () =>
        (await import('./bridge.js')).bridge(rest, { ...stdio(args, rest.join(' ')), onInterrupt: hooks.onInterrupt }),
      2,
    );
  if (command === 'listen')
    return commandWithAddress('listen', rest, async (address) =>
      (await import('./listen.js')).listen(address, { ...stdio(args, address), onInterrupt: hooks.onInterrupt }),
    );
  if (rest.length > 0)
    return usageError(
      new UsageError(`unexpected argument "${rest[0]}" (quote the address: it contains "|" and "&")`),
      command,
    );
  return connectAndRun(command, args, hooks);
}

async function connectAndRun(
  address: string,
  args: CliArgs,
  hooks: RunHooks,
  mode: 'pipe' | 'record' = 'pipe',
): Promise<ExitCode> {
  const guard = diagnosticGuard(address);
  const stderr = guardStream(process.stderr, guard);
  const stdout = process.stdout.isTTY === true ? guardStream(process.stdout, terminalSafe) : process.stdout;
  const status = new StatusLine(process.stderr, args.quiet, guard);
  let interrupted = false;
  let conn: Connection | undefined;
  const abort = new AbortController();
  hooks.onInterrupt(() => {
    interrupted = true;
    abort.abort();
    void conn?.close();
  });
  if (status.enabled) status.set(`connecting to ${guard(address).split('|')[0]!}…`);
  try {
    conn = await dial(address, { timeout: args.connectTimeout, signal: abort.signal });
  } catch (error) {
    status.stop();
    if (interrupted) return EXIT.interrupted;
    return fail(error, dialExitCode(error), guard);
  }
  status.clear();
  const io = {
    args,
    stdout,
    stderr,
    status,
    interrupted: () => interrupted,
    // A getter, and `io` is never spread: creating process.stdin (a file or pipe stream) loads fs
    // streams, fs/promises and readline's internals, ~3 ms that a --read-only pipe never uses (ADR 0311).
    get stdin(): NodeJS.ReadStream {
      return process.stdin;
    },
  };
  try {
    if (mode === 'record') {
      status.follow(conn);
      return await (await import('./record.js')).record(conn, io);
    }
    if (conn.kind === 'sql') return await (await import('./sql.js')).runSql(conn, io);
    if (args.sql.length > 0 || args.csv)
      return usageError(
        new UsageError(
          `${args.sql.length > 0 ? '-e and -f are' : '--csv is'} for SQL schemes; ${conn.scheme}:// takes messages on stdin`,
        ),
      );
    status.follow(conn);
    return await pipe(conn, io);
  } catch (error) {
    // SqlFileError (sql.ts) is a UsageError too.
    if (error instanceof UsageError) return usageError(error, address);
    return interrupted
      ? EXIT.interrupted
      : fail(error, isDialError(error, 'InvalidArgument') ? EXIT.usage : EXIT.lost, guard);
  } finally {
    status.stop();
    await conn.close();
  }
}

/** The address given with --address-env or --address-file, or undefined when neither was. */
function addressFromOption(args: CliArgs): string | undefined {
  if (args.addressEnv !== undefined) {
    const value = process.env[args.addressEnv];
    if (value === undefined || value.trim() === '')
      throw new UsageError(`environment variable ${args.addressEnv} is not set or empty`);
    return value.trim();
  }
  if (args.addressFile === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(args.addressFile, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --address-file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const line = text
    .split(/\r?\n/)
    .find((l) => l.trim() !== '')
    ?.trim();
  if (line === undefined) throw new UsageError(`--address-file ${args.addressFile} holds no address`);
  return line;
}

/** Runs a command that takes one address, mapping its errors to exit codes. */
async function commandWithAddress(
  name: string,
  rest: string[],
  body: (address: string) => Promise<ExitCode>,
  addresses = 1,
): Promise<ExitCode> {
  if (rest.length !== addresses) {
    const wanted = addresses === 1 ? 'one address' : `${addresses} addresses`;
    return usageError(
      new UsageError(`${name} takes ${wanted}, got ${rest.length} (quote addresses that contain "|" and "&")`),
      rest.join(' '),
    );
  }
  try {
    return await body(rest[0]!);
  } catch (error) {
    if (error instanceof UsageError) return usageError(error, rest.join(' '));
    return fail(error, dialExitCode(error), diagnosticGuard(rest.join(' ')));
  }
}

/** The standard streams for a command: diagnostics redacted and made terminal-safe, stdout terminal-safe on a terminal. */
function stdio(
  args: CliArgs,
  address: string,
): { args: CliArgs; stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream } {
  const stdout = process.stdout.isTTY === true ? guardStream(process.stdout, terminalSafe) : process.stdout;
  return { args, stdin: process.stdin, stdout, stderr: guardStream(process.stderr, diagnosticGuard(address)) };
}

/** Help, list and version go to stdout, the usage hint to stderr; both made safe to show. */
function print(text: string, code: ExitCode = EXIT.ok): ExitCode {
  (code === EXIT.ok ? process.stdout : process.stderr).write(diagnosticGuard(undefined)(text));
  return code;
}

function usageError(error: unknown, address?: string): ExitCode {
  const text = `omnidial: ${error instanceof Error ? error.message : String(error)}\nRun "omnidial --help" for usage.\n`;
  process.stderr.write(diagnosticGuard(address)(text));
  return EXIT.usage;
}

function fail(error: unknown, code: ExitCode, guard: TextGuard = diagnosticGuard(undefined)): ExitCode {
  const text = isDialError(error)
    ? `${error.code}: ${error.message}`
    : error instanceof Error
      ? error.message
      : String(error);
  process.stderr.write(guard(`omnidial: ${text}\n`));
  return code;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return `omnidial ${pkg.version} (node ${process.version})`;
}
