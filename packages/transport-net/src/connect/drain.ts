import type { Writable } from 'node:stream';

/**
 * Waits for a writable's `drain`, shared by every writer blocked on the same back-pressure so
 * concurrent writes add one listener pair, not one each. Resolves true on drain, false if the
 * stream closed first; a writer's own `signal` rejects only that writer with its reason.
 */
export class DrainWaiter {
  readonly #stream: Writable;
  #pending: Promise<boolean> | undefined;

  constructor(stream: Writable) {
    this.#stream = stream;
  }

  wait(signal: AbortSignal | undefined): Promise<boolean> {
    const shared = (this.#pending ??= this.#next());
    if (signal === undefined) return shared;
    signal.throwIfAborted();
    return new Promise<boolean>((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      shared.then((value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      });
    });
  }

  #next(): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const done = (value: boolean) => (): void => {
        this.#stream.off('drain', onDrain);
        this.#stream.off('close', onClose);
        this.#pending = undefined;
        resolve(value);
      };
      const onDrain = done(true);
      const onClose = done(false);
      this.#stream.on('drain', onDrain);
      this.#stream.on('close', onClose);
    });
  }
}
