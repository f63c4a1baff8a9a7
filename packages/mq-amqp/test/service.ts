import { it } from 'vitest';
import { hasService, serviceUrl, type ServiceName } from '@omnidial/test-infra';

/**
 * The test server's address, or undefined (after registering a visibly skipped test) when it
 * is not running. In CI a missing server registers a failing test instead.
 */
export function requireService(name: ServiceName): string | undefined {
  if (hasService(name)) return serviceUrl(name);
  const why = `${name} server not running: use \`pnpm with-services --only ${name} -- vitest run\``;
  if (process.env.CI) it(`${name} server is required in CI`, () => { throw new Error(why); });
  else it.skip(`${name} tests — skipped: ${why}`, () => undefined);
  return undefined;
}

/** A name no other test uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
