import { randomBytes } from 'node:crypto';
import { it } from 'vitest';

/**
 * The test server's address from `OMNIDIAL_TEST_<NAME>_URL` (set by `pnpm with-services`).
 * Missing: an error in CI (every server must be present), a visible skip locally.
 */
export function liveUrl(variable: string): string | undefined {
  const url = process.env[variable];
  if (url === undefined || url === '') {
    if (process.env.CI) throw new Error(`${variable} is not set: CI must run the tests through \`pnpm with-services -- ...\``);
    it.skip(`needs a real server: ${variable} is not set (run through \`pnpm with-services -- ...\`)`, () => undefined);
    return undefined;
  }
  return url;
}

/** A topic nobody else uses. */
export function uniqueTopic(prefix = 'omnidial_test'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
