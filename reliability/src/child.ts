import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The figures a probe script prints as its last stdout line (one JSON object). */
export type ProbeResult = Record<string, unknown>;

const PROBES = new URL('./probes/', import.meta.url);

/**
 * Runs `reliability/src/probes/<name>.ts` in a fresh Node process (TypeScript through tsx,
 * workspace packages from source, `--expose-gc`), so its RSS and resources are its own, and
 * resolves to the JSON object it prints last. Rejects if it exits non-zero or times out.
 */
export function runProbe(name: string, env: Record<string, string> = {}, timeoutMs = 300_000): Promise<ProbeResult> {
  const script = fileURLToPath(new URL(`${name}.ts`, PROBES));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--conditions=source', '--import', 'tsx', script], {
      cwd: fileURLToPath(new URL('../', import.meta.url)),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0)
        return reject(
          new Error(`probe ${name} exited ${code ?? signal}: ${stderr.slice(-2000)}\n${stdout.slice(-1000)}`),
        );
      try {
        resolve(JSON.parse(last) as ProbeResult);
      } catch {
        reject(new Error(`probe ${name} printed no JSON: ${stdout.slice(-1000)} ${stderr.slice(-1000)}`));
      }
    });
  });
}

/** Peak RSS sampler for probes: call `sample()` often, read `peak`. */
export class RssPeak {
  peak = process.memoryUsage.rss();
  readonly #timer = setInterval(() => this.sample(), 20);

  /** Records the current RSS. */
  sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage.rss());
  }

  /** Stops sampling. */
  stop(): number {
    clearInterval(this.#timer);
    this.sample();
    return this.peak;
  }
}
