import { DialError } from '@omnidial/core';

let last: DialError | undefined;

/** Records why a call of this thread returned a failure value. */
export function failed(error: unknown): void {
  last =
    error instanceof DialError
      ? error
      : new DialError({
          code: 'Unknown',
          message: error instanceof Error ? error.message : String(error),
          cause: error,
        });
}

/**
 * Why the most recent failure value (`null` from `Dial`, `read` or `exec`, `0` from `write`,
 * `""` from `read`) of this thread came back; undefined until the first failure.
 */
export function lastError(): DialError | undefined {
  return last;
}
