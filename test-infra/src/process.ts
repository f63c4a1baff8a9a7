import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ProcessSpec } from './types.js';

/** Process groups started by this process and not yet known to be gone. */
const liveGroups = new Set<number>();
/** Temporary directories to delete if the process exits without a clean stop. */
const cleanupDirs = new Set<string>();
let exitHookInstalled = false;

/** Registers (or with `false`, unregisters) a directory deleted by the exit hook. */
export function cleanupOnExit(dir: string, register = true): void {
  installExitHook();
  if (register) cleanupDirs.add(dir);
  else cleanupDirs.delete(dir);
}

/** Sends `signal` to a whole process group; returns false when the group no longer exists. */
function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** True while process `pid` exists (zombies count until reaped). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** SIGKILLs every server process group still alive; synchronous so it can run in an `exit` handler. */
export function killAllNow(): void {
  for (const pgid of liveGroups) signalGroup(pgid, 'SIGKILL');
  liveGroups.clear();
  for (const dir of cleanupDirs) {
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // best effort
    }
  }
  cleanupDirs.clear();
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', killAllNow);
  // Node's default for these signals exits without running 'exit' handlers. When nobody else
  // handles the signal (e.g. a vitest worker being terminated), kill the servers, then die of it.
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      if (process.listenerCount(signal) > 1) return; // someone else (e.g. the CLI) owns the shutdown
      process.off(signal, onSignal);
      killAllNow();
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

/** `setpriv --pdeathsig KILL` makes the kernel kill a server if this process dies even by SIGKILL. */
const SETPRIV = process.platform === 'linux' && fs.existsSync('/usr/bin/setpriv') ? '/usr/bin/setpriv' : undefined;

/** A server process running in its own process group, with output appended to a log file. */
export class ManagedProcess {
  /** PID of the group leader (also the process group id). */
  readonly pid: number;
  /** The log file receiving stdout and stderr. */
  readonly logFile: string;
  /** Resolves with the exit code (or signal name) once the leader has exited. */
  readonly exited: Promise<number | string>;
  private exitedFlag = false;

  private constructor(
    readonly spec: ProcessSpec,
    pid: number,
    logFile: string,
    exited: Promise<number | string>,
  ) {
    this.pid = pid;
    this.logFile = logFile;
    this.exited = exited.then((code) => {
      this.exitedFlag = true;
      return code;
    });
  }

  /** Starts `spec` detached (new session and process group), stdio to `<logDir>/<label>.log`. */
  static start(spec: ProcessSpec, logDir: string): ManagedProcess {
    installExitHook();
    const logFile = path.join(logDir, `${spec.label}.log`);
    const fd = fs.openSync(logFile, 'a');
    try {
      const [command, args] = SETPRIV
        ? [SETPRIV, ['--pdeathsig', 'KILL', '--', spec.command, ...spec.args]]
        : [spec.command, [...spec.args]];
      const child = spawn(command, args, {
        cwd: spec.cwd,
        env: { ...process.env, ...spec.env },
        detached: true,
        stdio: ['ignore', fd, fd],
        ...(spec.uid === undefined ? {} : { uid: spec.uid }),
        ...(spec.gid === undefined ? {} : { gid: spec.gid }),
      });
      const exited = new Promise<number | string>((resolve) => {
        child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
        child.once('error', (error) => resolve(`spawn error: ${error.message}`));
      });
      if (child.pid === undefined) {
        return new ManagedProcess(spec, -1, logFile, exited);
      }
      liveGroups.add(child.pid);
      return new ManagedProcess(spec, child.pid, logFile, exited);
    } finally {
      fs.closeSync(fd);
    }
  }

  /** True once the leader process has exited. */
  get hasExited(): boolean {
    return this.exitedFlag || this.pid < 0;
  }

  /** Crashes the server: SIGKILL to its whole process group, resolving once the leader is gone. */
  async kill(): Promise<void> {
    if (this.pid < 0) return;
    signalGroup(this.pid, 'SIGKILL');
    await this.exited;
    await this.#reapGroup();
  }

  /**
   * Stops the server: the graceful signal to the leader, SIGKILL to the whole group after
   * `graceMs`, and finally SIGKILL to any process left in the group (children of the server).
   */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.pid < 0) return;
    if (!this.exitedFlag) {
      try {
        process.kill(this.pid, this.spec.stopSignal ?? 'SIGTERM');
      } catch {
        // already gone
      }
      const timedOut = await Promise.race([
        this.exited.then(() => false),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(true), graceMs)),
      ]);
      if (timedOut) {
        signalGroup(this.pid, 'SIGKILL');
        await this.exited;
      }
    }
    await this.#reapGroup();
  }

  /** Leftover children (e.g. postgres backends, erl_child_setup) die with the group. */
  async #reapGroup(): Promise<void> {
    for (let i = 0; i < 50 && signalGroup(this.pid, 0); i++) {
      signalGroup(this.pid, 'SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    liveGroups.delete(this.pid);
  }
}

/** Last `lines` lines of a log file, or a note when it cannot be read. */
export function logTail(file: string, lines = 40): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text
      .split('\n')
      .slice(-lines - 1)
      .join('\n');
  } catch (error) {
    return `(no log: ${(error as Error).message})`;
  }
}
