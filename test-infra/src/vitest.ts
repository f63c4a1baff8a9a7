/**
 * `@omnidial/test-infra/vitest`: helpers for test files that need a server from the harness.
 * Kept apart from the main entry point because they import vitest, which bench/ and examples
 * (users of `startServices`) do not load.
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { hasService, restartService, serviceUrl } from './client.js';
import { CA_ENV_VAR, TLS_ENV_VARS, type ServiceName } from './types.js';

/**
 * The test server's address, or undefined (after registering a visibly skipped test) when it
 * is not running. In CI a missing server registers a failing test instead.
 */
export function requireService(name: ServiceName): string | undefined {
  if (hasService(name)) return serviceUrl(name);
  const why = `${name} server not running: use \`pnpm with-services --only ${name} -- vitest run\``;
  if (process.env.CI)
    it(`${name} server is required in CI`, () => {
      throw new Error(why);
    });
  else it.skip(`${name} tests — skipped: ${why}`, () => undefined);
  return undefined;
}

/**
 * The TLS address of a test server (`OMNIDIAL_TEST_<NAME>_TLS_URL`) and the harness CA that
 * signed its certificate (`OMNIDIAL_TEST_CA`), or undefined after a visible skip (an error in CI).
 */
export function requireTlsService(name: ServiceName): { url: string; caFile: string } | undefined {
  const variable = TLS_ENV_VARS[name] ?? `(no TLS listener for ${name})`;
  const url = process.env[variable];
  const caFile = process.env[CA_ENV_VAR];
  if (url !== undefined && url !== '' && caFile !== undefined && caFile !== '') return { url, caFile };
  const why = `${variable} or ${CA_ENV_VAR} is not set: use \`pnpm with-services --only ${name} -- vitest run\``;
  if (process.env.CI)
    it(`${name} TLS server is required in CI`, () => {
      throw new Error(why);
    });
  else it.skip(`${name} TLS tests — skipped: ${why}`, () => undefined);
  return undefined;
}

/** A name no other test uses: `<prefix>-<time>-<random>`. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A topic nobody else uses: `<prefix>_<12 hex digits>`. */
export function uniqueTopic(prefix = 'omnidial_test'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What {@link expectExecAfterRestart} needs of a database connection. */
export interface ExecConnection {
  exec(sql: string, ...params: unknown[]): Promise<{ readonly values: unknown[][] }>;
}

/**
 * Restarts `service` under the open connection `db` and expects the next `exec()` to succeed. A
 * connection that died idle may fail once with Unavailable (retryable) before the pool replaces it.
 */
export async function expectExecAfterRestart(db: ExecConnection, service: ServiceName): Promise<void> {
  expect((await db.exec('SELECT ? AS v', 'before')).values).toEqual([['before']]);
  await restartService(service);
  let result = await db.exec('SELECT ? AS v', 'after').catch((e: unknown) => e);
  if (result instanceof Error) {
    expect(result).toMatchObject({ code: 'Unavailable', retryable: true });
    result = await db.exec('SELECT ? AS v', 'after');
  }
  expect((result as { values: unknown[][] }).values).toEqual([['after']]);
}
