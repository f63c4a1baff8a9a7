import type { Writable } from 'node:stream';

/**
 * Waits for a writable's `drain`, shared by every writer blocked on the same back-pressure so
 * concurrent writes add one listener pair, not one each. Resolves true once the queue is flushed
 * (`drain`, or a close after every byte left), false if the stream closed with bytes still
 * unsent; a writer's own `signal` rejects only that writer with its reason.
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
      const stream = this.#stream;
      const settle = (flushed: boolean): void => {
        stream.off('drain', onDrain);
        stream.off('close', onClose);
        this.#pending = undefined;
        resolve(flushed);
      };
      const onDrain = (): void => settle(true);
      // Node emits no `drain` once the stream is ending (a peer's end makes node end our side
      // too); a close after `finish` means every queued byte left: a completed write, not a loss.
      const onClose = (): void => settle(stream.writableFinished);
      stream.on('drain', onDrain);
      stream.on('close', onClose);
    });
  }
}
