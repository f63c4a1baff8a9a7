import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { OFFICIAL_PACKAGES, officialPackageOf, type PackageInfo } from '@omnidial/core';

/** Whether an official transport package could be imported. */
export interface PackageStatus {
  readonly info: PackageInfo;
  readonly installed: boolean;
  /** Why the import failed, when it was not simply missing. */
  readonly problem: string | undefined;
}

/**
 * Imports every official transport that is installed (each registers itself in the default
 * registry) and the given plugins. A missing package is reported, not fatal, so `omnidial list`
 * can say what to install. Plugin failures are fatal: the user asked for them. With `address`
 * whose scheme an official package provides, only that package is imported (start-up time;
 * docs/decisions/0270); the statuses then cover it alone.
 */
export async function loadTransports(
  plugins: readonly string[],
  cwd: string,
  address?: string,
): Promise<PackageStatus[]> {
  const scheme = address === undefined ? undefined : /^([a-z][a-z0-9+.-]*):/i.exec(address)?.[1];
  const only = scheme === undefined ? undefined : officialPackageOf(scheme);
  const statuses = await Promise.all(
    (only === undefined ? OFFICIAL_PACKAGES : [only]).map(async (info): Promise<PackageStatus> => {
      try {
        await import(info.name);
        return { info, installed: true, problem: undefined };
      } catch (error) {
        const missing =
          (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String(error).includes(info.name);
        return {
          info,
          installed: false,
          problem: missing ? undefined : String(error instanceof Error ? error.message : error),
        };
      }
    }),
  );
  for (const plugin of plugins) await import(await pluginUrl(plugin, cwd));
  return statuses;
}

/** A plugin given as a path (relative to `cwd`) or as a package name installed next to `cwd`. */
async function pluginUrl(spec: string, cwd: string): Promise<string> {
  if (spec.startsWith('.') || isAbsolute(spec)) return pathToFileURL(resolve(cwd, spec)).href;
  // Imported here: without --plugin the CLI never loads node:module (start-up time).
  const { createRequire } = await import('node:module');
  try {
    return pathToFileURL(createRequire(resolve(cwd, 'noop.js')).resolve(spec)).href;
  } catch {
    return spec;
  }
}
