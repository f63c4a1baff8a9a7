import { expect } from 'vitest';
import { DialError } from '../../src/errors.js';

/** The DialError `action` throws; fails the test when it throws anything else or nothing. */
export function thrownDialError(action: () => unknown): DialError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(DialError);
    return error as DialError;
  }
  throw new Error('no error was thrown');
}
