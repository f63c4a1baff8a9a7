import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts the worker entry `name` beside the module at `base` (an `import.meta.url`). Built
 * code starts `name.js`; when the package runs from its TypeScript sources (tests, `tsx`),
 * the worker loads `name.ts` through tsx with the `source` condition, so a worker always runs
 * the same code as its caller and never a stale build.
 */
export function startWorker(name: string, base: string, options: WorkerOptions): Worker {
  if (!base.endsWith('.ts')) return new Worker(new URL(`${name}.js`, base), options);
  const require = createRequire(base);
  const api = pathToFileURL(require.resolve('tsx/esm/api')).href;
  const entry = new URL(`${name}.ts`, base).href;
  // `--import tsx` in a worker's execArgv does not hook the worker's own entry module on
  // Node 20, so a tiny bootstrap registers tsx first and then imports the entry.
  const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { ...options, eval: true, execArgv: ['--conditions=source', ...(options.execArgv ?? [])] });
}
