import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const FIXTURE = fileURLToPath(new URL('../fixtures/handle-worker.mjs', import.meta.url));
const CORE_DIST = fileURLToPath(new URL('../../../core/dist/index.js', import.meta.url));

/** A worker thread running `fixtures/handle-worker.mjs`, driven by request/response. */
export class HandleWorker {
  // Without vitest's `--conditions source`: the worker is plain Node and loads the built dist.
  readonly #worker = new Worker(FIXTURE, { execArgv: withoutConditions(process.execArgv) });
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  #next = 0;

  constructor() {
    if (!existsSync(CORE_DIST)) throw new Error('@omnidial/core is not built: run `pnpm --filter @omnidial/core build` (the worker imports its dist)');
    this.#worker.on('message', ({ id, ok, value, error }: { id: number; ok: boolean; value?: unknown; error?: string }) => {
      const waiter = this.#pending.get(id);
      this.#pending.delete(id);
      if (ok) waiter?.resolve(value);
      else waiter?.reject(new Error(error));
    });
    this.#worker.on('error', (error) => {
      for (const waiter of this.#pending.values()) waiter.reject(error);
      this.#pending.clear();
    });
  }

  /** Runs one command in the worker. */
  call<T>(op: 'dial' | 'echo' | 'close', arg?: unknown): Promise<T> {
    const id = ++this.#next;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#worker.postMessage({ id, op, arg });
    });
  }

  terminate(): Promise<number> {
    return this.#worker.terminate();
  }
}

function withoutConditions(args: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === '--conditions' || arg === '-C') i += 1;
    else if (!arg.startsWith('--conditions=')) kept.push(arg);
  }
  return kept;
}
