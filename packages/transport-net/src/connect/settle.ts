import type { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';

/**
 * Resolves when `target` emits `event`; rejects on its `error` (or an early `close`), and on
 * `signal` abort — tearing `target` down (`teardown`, by default `destroy()`) so an abandoned
 * attempt never leaks a socket.
 * Every listener it added is removed once it settles.
 */
export function settleOn(
  target: EventEmitter,
  event: string,
  signal: AbortSignal,
  teardown: () => void = () => void (target as Socket).destroy(),
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const cleanup = (): void => {
      target.off(event, onEvent);
      target.off('error', onError);
      target.off('close', onClose);
      signal.removeEventListener('abort', onAbort);
    };
    const onEvent = (): void => {
      cleanup();
      resolve();
    };
    const onError = (error: Error): void => {
      cleanup();
      teardown();
      reject(error);
    };
    const onClose = (): void =>
      onError(Object.assign(new Error('socket closed before it was ready'), { code: 'ECONNRESET' }));
    const onAbort = (): void => onError(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (signal.aborted) {
      onAbort();
      return;
    }
    target.on(event, onEvent);
    target.on('error', onError);
    target.on('close', onClose);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
