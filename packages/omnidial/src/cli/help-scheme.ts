import type { Registry } from '@omnidial/core';
import { capabilityWords, optionRows } from '../option-rows.js';

/**
 * `omnidial help <scheme>`: the driver's description, capabilities, examples and every option
 * key (the common ones included) with its type, default and an example. Throws the registry's
 * DialError for an unknown or uninstalled scheme.
 */
export function schemeHelp(registry: Registry, scheme: string): string {
  const name = scheme.replace(/:\/\/.*$/, '').replace(/:$/, '');
  const driver = registry.resolve(name);
  const rows = optionRows(registry, driver);
  const out = [
    `${driver.schemes.map((s) => `${s}://`).join(', ')} — ${driver.packageName}`,
    driver.description,
    `capabilities: ${capabilityWords(driver).join(', ')}`,
    '',
    'Examples:',
    ...driver.examples.map((e) => `  omnidial '${e}'`),
    '',
    `Options (after "|" in the address${driver.queryOptions === true ? ' or in its ?query' : ''}, joined with "&"; ${rows.length} keys):`,
  ];
  const width = Math.max(...rows.map((r) => r.key.length), 3);
  for (const row of rows) {
    out.push(
      `  ${row.key.padEnd(width)}  ${row.type}${row.default === '—' ? '' : `, default ${row.default}`}${row.common ? ' (common)' : ''}`,
    );
    out.push(`  ${' '.repeat(width)}  ${row.description}`);
    out.push(`  ${' '.repeat(width)}  e.g. ${row.example}`);
  }
  return out.join('\n') + '\n';
}
