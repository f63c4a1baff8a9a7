import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const pkg = fileURLToPath(new URL('../..', import.meta.url));
const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/** True when tmux is installed (terminal tests need it; CI machines have it). */
export function hasTmux(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The real `omnidial` binary running in a real terminal: a detached tmux session on a private
 * server socket, 100x30. Keys go in with {@link keys}/{@link type}; the screen comes back from
 * {@link screen}. `close()` kills the session (and its server).
 */
export class TmuxCli {
  readonly #socket = `omnidial-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  constructor(args: readonly string[], env: Record<string, string> = {}) {
    const command = [process.execPath, '--conditions=source', '--import', 'tsx', main, ...args].map(quote).join(' ');
    const vars = Object.entries({ NO_COLOR: '1', ...env })
      .map(([k, v]) => `${k}=${quote(v)}`)
      .join(' ');
    // A shell runs the program and prints how it ended: tmux does not always learn a pane's exit
    // status (it was seen dead with neither status nor signal). `trap :` keeps the shell alive
    // through Ctrl-C while the program gets the signal with its default handling.
    const script = `trap : INT; env ${vars} ${command}; echo "${EXIT_MARK}$?]"`;
    this.#tmux('new-session', '-d', '-x', '100', '-y', '30', '-c', pkg, `sh -c ${quote(script)}`);
    this.#tmux('set-option', '-g', 'remain-on-exit', 'on');
  }

  /** Types literal text (no Enter). */
  type(text: string): void {
    // tmux reads an argument that ends in ";" as a command separator: send that byte as hex.
    const body = text.endsWith(';') ? text.slice(0, -1) : text;
    if (body !== '') this.#tmux('send-keys', '-l', body);
    if (body !== text) this.#tmux('send-keys', '-H', '3b');
  }

  /** Sends tmux key names: `Enter`, `C-c`, `C-d`, `Up`. */
  keys(...names: string[]): void {
    this.#tmux('send-keys', ...names);
  }

  /** The visible screen, trailing blank lines removed. */
  screen(): string {
    return this.#tmux('capture-pane', '-p').replace(/\s+$/, '');
  }

  /** Waits until the screen matches, or fails with the screen as it was. */
  async waitFor(pattern: RegExp | string, timeoutMs = 90_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = this.screen();
      if (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text)) return text;
      if (Date.now() > deadline) throw new Error(`terminal never showed ${String(pattern)}; screen:\n${text}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The exit status once the program has ended (128 + N when signal N ended it, as a shell says), else undefined. */
  exitStatus(): number | undefined {
    const match = new RegExp(`${EXIT_MARK.replace('[', '\\[')}(\\d+)\\]$`, 'm').exec(this.screen());
    return match === null ? undefined : Number(match[1]);
  }

  /** Waits for the program to end and returns its exit status. */
  async exited(timeoutMs = 90_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = this.exitStatus();
      if (status !== undefined) return status;
      if (Date.now() > deadline) throw new Error(`still running; screen:\n${this.screen()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  close(): void {
    try {
      this.#tmux('kill-server');
    } catch {
      // already gone
    }
  }

  #tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.#socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }
}

const EXIT_MARK = '[omnidial exited: ';

function quote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}
