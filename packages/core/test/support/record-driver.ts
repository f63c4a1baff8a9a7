import type { Driver, Endpoint, ParseInput } from '../../src/driver/index.js';
import { Registry } from '../../src/registry.js';
import { scriptDriver } from './script-driver.js';

/** What the core handed the driver's `parse`: one entry per parse (the dial, then each prepared attempt). */
export type Parsed = Pick<ParseInput, 'base' | 'url' | 'options'>;

/**
 * `script://name` (see script-driver.ts) through a driver that records every `parse` call, so a
 * test sees exactly which address and options the core asked the driver to dial. With
 * `queryOptions` the `?query` holds options: `qos` (integer), `topic` (repeatable) and `token`
 * (secret), as a broker's would. `refuse` makes `parse` throw it for a base that contains `bad`.
 */
export function recordingRegistry(settings: { queryOptions?: boolean; refuse?: unknown } = {}): {
  registry: Registry;
  parsed: Parsed[];
} {
  const parsed: Parsed[] = [];
  const driver: Driver<Endpoint & { server: string }> = {
    ...scriptDriver,
    queryOptions: settings.queryOptions,
    options: {
      ...scriptDriver.options,
      qos: { type: 'integer', description: 'a number', example: '1' },
      topic: { type: 'string', repeatable: true, description: 'a list', example: 'a' },
      token: { type: 'string', secret: true, description: 'a secret', example: 't' },
    },
    parse: (input) => {
      parsed.push({ base: input.base, url: input.url, options: input.options });
      if (settings.refuse !== undefined && input.base.includes('bad')) throw settings.refuse;
      return scriptDriver.parse({ ...input, base: input.url.replace(/^script:\/\//i, 'script://') });
    },
  };
  return { registry: new Registry().register(driver), parsed };
}
