import { createRequire } from 'node:module';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

/**
 * Starts a worker thread on `entry` (a test fixture, `.mjs` or `.ts`) that runs the workspace
 * packages from their TypeScript sources, like the test that starts it: the `source` export
 * condition is set and tsx is registered before the entry is imported. So a test never runs a
 * stale `dist/` in its workers. (`--import tsx` in a worker's execArgv does not hook the worker's
 * own entry module on Node 20, hence the small bootstrap.)
 */
export function startSourceWorker(entry: URL, options: WorkerOptions = {}): Worker {
  const require = createRequire(import.meta.url);
  const api = pathToFileURL(require.resolve('tsx/esm/api')).href;
  const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { ...options, eval: true, execArgv: ['--conditions=source', ...(options.execArgv ?? [])] });
}
