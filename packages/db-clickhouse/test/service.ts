import { it } from 'vitest';

/**
 * The test server's address from `variable`, or undefined (tests are then skipped visibly).
 * In CI a missing variable fails the run instead.
 */
export function serviceAddress(variable: string): string | undefined {
  const value = process.env[variable];
  if (!value && process.env.CI) throw new Error(`${variable} is not set in CI: run the tests through \`pnpm with-services -- vitest run\``);
  if (!value) it.skip(`server tests — skipped: ${variable} is not set (run through \`pnpm with-services -- vitest run\`)`, () => undefined);
  return value || undefined;
}
