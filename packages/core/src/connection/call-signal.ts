import { timerDelay } from './delay.js';

/**
 * The signal a link gets for one call: the caller's `signal`, its `timeout` (ms, 0 = none) as
 * a deadline, both, or neither (then nothing is allocated: the hot path).
 */
export function callSignal(
  ms: number | undefined,
  signal: AbortSignal | undefined,
): { link: AbortSignal | undefined; deadline: AbortSignal | undefined } {
  const delay = timerDelay(ms);
  const deadline = delay !== undefined && delay > 0 ? AbortSignal.timeout(delay) : undefined;
  return {
    link: deadline === undefined ? signal : signal === undefined ? deadline : AbortSignal.any([signal, deadline]),
    deadline,
  };
}

/**
 * `promise`, or a rejection with `signal.reason` as soon as `signal` aborts, whichever comes
 * first. A late outcome of `promise` is absorbed, never an unhandled rejection.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
