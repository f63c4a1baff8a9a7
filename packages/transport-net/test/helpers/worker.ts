import { startSourceWorker } from '@omnidial/test-infra';

const FIXTURE = new URL('../fixtures/handle-worker.mjs', import.meta.url);

/** A worker thread running `fixtures/handle-worker.mjs`, driven by request/response. */
export class HandleWorker {
  // Runs @omnidial/core from its sources, like the test itself (never a stale dist/).
  readonly #worker = startSourceWorker(FIXTURE);
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  #next = 0;

  constructor() {
    this.#worker.on(
      'message',
      ({ id, ok, value, error }: { id: number; ok: boolean; value?: unknown; error?: string }) => {
        const waiter = this.#pending.get(id);
        this.#pending.delete(id);
        if (ok) waiter?.resolve(value);
        else waiter?.reject(new Error(error));
      },
    );
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
