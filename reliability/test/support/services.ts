import { afterAll, beforeAll, it } from 'vitest';
import { hasService, startServices, type Harness, type ServiceName } from '@omnidial/test-infra';

/**
 * Whether the reliability tests of `name` can run: its `OMNIDIAL_TEST_*_URL` is set (the run goes
 * through `pnpm with-services`) or `RELIABILITY_SERVICES=1` says the server binaries are installed.
 * Otherwise registers a visibly skipped test locally, and a failing one in CI.
 */
export function serviceAvailable(name: ServiceName): boolean {
  if (hasService(name) || process.env.RELIABILITY_SERVICES === '1') return true;
  const why = `${name} server not available: run through \`pnpm with-services -- vitest run\` (or set RELIABILITY_SERVICES=1)`;
  if (process.env.CI)
    it(`${name} server is required in CI`, () => {
      throw new Error(why);
    });
  else it.skip(`${name} reliability tests — skipped: ${why}`, () => undefined);
  return false;
}

/**
 * A private harness running only `name` for the current describe block: fault tests crash
 * servers, so they never touch the shared ones other test files use.
 */
export function privateService(name: ServiceName): () => Harness {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await startServices({ only: [name] });
  }, 180_000);
  afterAll(async () => {
    await harness?.stop();
  }, 60_000);
  return () => {
    if (harness === undefined) throw new Error(`${name} harness did not start`);
    return harness;
  };
}
