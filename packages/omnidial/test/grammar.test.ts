// docs/design.md#address-grammar "one dialect": every option of every scheme is read the same way, wherever the
// scheme lets it be written, and is listed by `omnidial help <scheme>`.
import { describe, expect, it } from 'vitest';
import { readAddress } from '@omnidial/core/driver';
import { officialDrivers, Registry, registerAll } from '../src/index.js';
import { schemeHelp } from '../src/cli/help-scheme.js';

const registry = registerAll(new Registry());
const SPELLINGS: [string, boolean][] = [
  ['true', true],
  ['false', false],
  ['yes', true],
  ['no', false],
  ['1', true],
  ['0', false],
];

describe('one dialect for every scheme', () => {
  it.each(officialDrivers.map((d) => [d.name, d] as const))(
    '%s: every boolean key takes the same spellings, after | and in ?query',
    (_name, driver) => {
      const schema = registry.optionSchema(driver);
      const scheme = driver.schemes[0]!;
      for (const [key] of Object.entries(schema).filter(([, spec]) => spec.type === 'boolean')) {
        for (const [text, value] of SPELLINGS) {
          expect(readAddress(`${scheme}://h|${key}=${text}`, schema, false).values[key], `${key}=${text}`).toBe(value);
          if (driver.queryOptions === true)
            expect(readAddress(`${scheme}://h/?${key}=${text}`, schema, true).values[key]).toBe(value);
        }
      }
    },
  );

  it.each(officialDrivers.map((d) => [d.name, d] as const))(
    '%s: values are literal (no %%XX decoding, + stays +)',
    (_name, driver) => {
      const schema = registry.optionSchema(driver);
      const key = Object.keys(schema).find((k) => schema[k]!.type === 'string' && schema[k]!.repeatable !== true);
      if (key === undefined) return; // SQL drivers: no string option (covered by their DSN tests)
      const scheme = driver.schemes[0]!;
      expect(readAddress(`${scheme}://h|${key}=sig=ab%2Bcd+e`, schema, false).values[key]).toBe('sig=ab%2Bcd+e');
      if (driver.queryOptions === true)
        expect(readAddress(`${scheme}://h/?${key}=a%26b+c`, schema, true).values[key]).toBe('a%26b+c');
    },
  );

  it.each(officialDrivers.flatMap((d) => d.schemes.map((s) => [s, d] as const)))(
    'help %s lists every option key',
    (scheme, driver) => {
      const help = schemeHelp(registry, scheme);
      for (const key of Object.keys(registry.optionSchema(driver))) expect(help).toMatch(new RegExp(`^  ${key} `, 'm'));
    },
  );
});
