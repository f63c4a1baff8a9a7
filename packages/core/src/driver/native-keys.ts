import type { OptionSchema, ResolvedOptions } from './options.js';

/**
 * The keys of `schema` that `options` holds, as text: a driver's native keys (a database's
 * `sslmode`, `charset`, `dial_timeout`) read the same way from the URL's `?query`, after `|`
 * or from the options object. Booleans become `true`/`false`, integers their decimal text, so
 * a driver checks one form whatever the source (its own DSN text included).
 */
export function nativeValues(options: ResolvedOptions, schema: OptionSchema): Map<string, string> {
  const out = new Map<string, string>();
  for (const key of Object.keys(schema)) {
    const value = options[key];
    if (value !== undefined && typeof value !== 'object') out.set(key, String(value));
  }
  return out;
}
