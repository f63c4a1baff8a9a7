import type { OptionSchema, OptionValue, ResolvedOptions } from '../driver/options.js';
import { coerceObjectValue } from './coerce.js';
import { unknownOption } from './fail.js';

/**
 * Keys the options object may hold that are not address options; `resolveOptions` skips them
 * and the caller handles them (`signal`, `timeout`, `registry`, `headers`, `tls`).
 */
export const OBJECT_ONLY_KEYS: readonly string[] = ['signal', 'timeout', 'registry', 'headers', 'tls'];

function checkKeys(
  source: Readonly<Record<string, unknown>>,
  schema: OptionSchema,
  scheme: string,
  allowObjectOnly: boolean,
): void {
  for (const key of Object.keys(source)) {
    if (Object.hasOwn(schema, key)) continue;
    if (allowObjectOnly && OBJECT_ONLY_KEYS.includes(key)) continue;
    throw unknownOption(key, schema, scheme);
  }
}

/**
 * Merges a scheme's options: schema defaults, overridden by the options object, overridden by
 * the address (a repeatable key given in the address replaces the object's list). Object
 * values are validated like address values (see `coerceObjectValue`); `undefined` and `null`
 * count as not given. Keys outside the schema are an unknown-key error, except
 * {@link OBJECT_ONLY_KEYS} in the object. The result holds only keys that have a value.
 *
 * @throws DialError `InvalidArgument`.
 */
export function resolveOptions(
  schema: OptionSchema,
  scheme: string,
  fromObject: Readonly<Record<string, unknown>> | undefined,
  fromAddress: Readonly<Record<string, OptionValue>>,
): ResolvedOptions {
  const object = fromObject ?? {};
  checkKeys(object, schema, scheme, true);
  checkKeys(fromAddress, schema, scheme, false);
  const resolved: Record<string, OptionValue> = {};
  for (const [key, spec] of Object.entries(schema)) {
    let value: OptionValue | undefined;
    for (const source of [object, fromAddress] as const) {
      const given = Object.hasOwn(source, key) ? source[key] : undefined;
      // Both are validated, even when the address overrides the object.
      if (given !== undefined && given !== null) value = coerceObjectValue(key, spec, given, scheme);
    }
    if (value !== undefined) resolved[key] = value;
    else if (spec.default !== undefined) resolved[key] = spec.default;
  }
  return resolved;
}
