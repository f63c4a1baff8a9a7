import type { Registry } from '@omnidial/core';
import type { PackageStatus } from './load.js';
import { formatTable } from './table.js';

/** One line of `omnidial list`. */
interface ListRow {
  scheme: string;
  package: string;
  status: string;
  description: string;
}

/**
 * `omnidial list`: every registered scheme (official or plugin) and every official package
 * that is not installed, with what to install.
 */
export function listSchemes(registry: Registry, statuses: readonly PackageStatus[], json: boolean): string {
  const rows: ListRow[] = [];
  for (const scheme of registry.schemes()) {
    const driver = registry.resolve(scheme);
    rows.push({
      scheme: `${scheme}://`,
      package: driver.packageName,
      status: 'installed',
      description: driver.description,
    });
  }
  for (const { info, installed, problem } of statuses) {
    if (installed) continue;
    for (const scheme of info.schemes) {
      if (registry.has(scheme)) continue;
      const status = problem === undefined ? 'not installed' : 'broken';
      const description = problem === undefined ? `npm install ${info.name}` : `could not load: ${problem}`;
      rows.push({ scheme: `${scheme}://`, package: info.name, status, description });
    }
  }
  if (json) return rows.map((row) => JSON.stringify(row)).join('\n') + '\n';
  return formatTable(
    ['scheme', 'package', 'status', 'description'],
    rows.map((r) => [r.scheme, r.package, r.status, r.description]),
    { footer: false },
  );
}
