import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../packages/omnidial/src/cli/main.ts', import.meta.url));
const fmz = fileURLToPath(new URL('../fmz/', import.meta.url));

/** What one `omnidial run` of an example produced. */
export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** How to run one example of examples/fmz. */
export interface ScriptOptions {
  maps: string[];
  env?: Record<string, string>;
  /** Called with the output so far; the first time it returns true the script gets SIGINT. */
  stopWhen?: (stdout: string) => boolean | Promise<boolean>;
  /** Kill (and fail) after this long; default 90 s. */
  timeoutMs?: number;
}

/**
 * Runs `examples/fmz/<name>` unchanged under `omnidial run` (TypeScript sources through tsx)
 * with the given `--map`s, and resolves when it exits.
 */
export function runExample(name: string, options: ScriptOptions): Promise<ScriptRun> {
  const args = [
    '--conditions=source',
    '--import',
    'tsx',
    cli,
    'run',
    `${fmz}${name}`,
    ...options.maps.flatMap((map) => ['--map', map]),
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let stopping = false;
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 90_000);
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout.on('data', async (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stopping || options.stopWhen === undefined) return;
    if ((await options.stopWhen(stdout)) && !stopping) {
      stopping = true;
      child.kill('SIGINT');
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
