import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const pkg = fileURLToPath(new URL('../..', import.meta.url));
const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/** What a finished CLI run produced. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runCli}. */
export interface CliRun {
  /** Written to stdin, which is then closed; default: stdin closed at once. */
  input?: string;
  /** Keep stdin open (for tests that stop the process themselves). */
  keepStdin?: boolean;
  env?: Record<string, string>;
  /** Called once the process is spawned. */
  started?: (child: ChildProcess) => void;
}

/** Runs the real `omnidial` binary (TypeScript sources through tsx) as a subprocess. */
export function runCli(args: string[], options: CliRun = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', main, ...args], {
      cwd: pkg,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    if (options.input !== undefined) child.stdin.write(options.input);
    if (options.keepStdin !== true) child.stdin.end();
    options.started?.(child);
  });
}

/** A CLI process still running, with its output so far. */
export interface LiveCli {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Waits until stdout (or stderr with `stream: 'stderr'`) matches; fails with both outputs. */
  waitFor(pattern: RegExp, stream?: 'stdout' | 'stderr', timeoutMs?: number): Promise<RegExpExecArray>;
  /** Writes a line to its stdin. */
  send(line: string): void;
  readonly result: Promise<CliResult>;
}

/** Starts the CLI with stdin kept open, for tests that talk to it while it runs. */
export function startCli(args: string[], options: Omit<CliRun, 'keepStdin' | 'started' | 'input'> = {}): LiveCli {
  let child: ChildProcess | undefined;
  let out = '';
  let err = '';
  const result = runCli(args, {
    ...options,
    keepStdin: true,
    started: (c) => {
      child = c;
    },
  });
  child!.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child!.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  return {
    child: child!,
    stdout: () => out,
    stderr: () => err,
    send: (line) => {
      child!.stdin!.write(`${line}\n`);
    },
    result,
    async waitFor(pattern, stream = 'stdout', timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(stream === 'stdout' ? out : err);
        if (match !== null) return match;
        if (Date.now() > deadline || child!.exitCode !== null) {
          throw new Error(`CLI output never matched ${String(pattern)}\nstdout: ${out}\nstderr: ${err}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}
