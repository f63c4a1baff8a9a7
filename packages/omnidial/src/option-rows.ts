import type { Driver, Endpoint, OptionSpec } from '@omnidial/core/driver';
import type { Registry } from '@omnidial/core';

/** One option key, ready to print in `omnidial help <scheme>` or a docs table. */
export interface OptionRow {
  readonly key: string;
  /** `boolean`, `integer 1..2000`, `gzip | gzip_raw | deflate`, `string (repeatable)`... */
  readonly type: string;
  /** The default as text, or `—` when the option is unset by default. */
  readonly default: string;
  /** A complete `key=value` example. */
  readonly example: string;
  readonly description: string;
  /** True for the common keys every scheme of this kind shares (docs/design.md#address-grammar). */
  readonly common: boolean;
}

/** Every option of `driver` (common keys first, then its own), described from its schema. */
export function optionRows(registry: Registry, driver: Driver<Endpoint>): OptionRow[] {
  const schema = registry.optionSchema(driver);
  return Object.entries(schema).map(([key, spec]) => ({
    key,
    type: typeText(spec),
    default: spec.default === undefined ? '—' : String(spec.default),
    example: `${key}=${exampleValue(spec)}`,
    description: spec.description + aliasText(spec),
    common: !(key in driver.options),
  }));
}

function typeText(spec: OptionSpec): string {
  let text: string = spec.type;
  if (spec.type === 'enum' && spec.values !== undefined) text = spec.values.join(' | ');
  if (spec.type === 'integer' && (spec.min !== undefined || spec.max !== undefined)) {
    text += ` ${spec.min ?? ''}..${spec.max ?? ''}`;
  }
  if (spec.repeatable === true) text += ' (repeatable)';
  if (spec.secret === true) text += ' (secret)';
  return text;
}

function exampleValue(spec: OptionSpec): string {
  if (spec.example !== undefined) return spec.example;
  switch (spec.type) {
    case 'boolean':
      return spec.default === true ? 'false' : 'true';
    case 'enum':
      return spec.values?.find((v) => v !== spec.default) ?? spec.values?.[0] ?? '';
    case 'integer':
      return String(spec.default ?? spec.min ?? 1);
    default:
      return typeof spec.default === 'string' ? spec.default : '...';
  }
}

function aliasText(spec: OptionSpec): string {
  const aliases = Object.entries(spec.aliases ?? {});
  if (aliases.length === 0) return '';
  return ` Also accepted: ${aliases.map(([from, to]) => `${from} = ${to}`).join(', ')}.`;
}

/** The capabilities of `driver` as short words: `message · reconnect · acks · proxy · tls · payload`. */
export function capabilityWords(driver: Driver<Endpoint>): string[] {
  const c = driver.capabilities;
  return [
    c.kind,
    c.reconnect ? 'reconnect' : '',
    c.acknowledgements ? 'acknowledgements' : '',
    c.proxy ? 'proxy' : '',
    c.tls ? 'tls' : '',
    c.payload ? 'payload' : '',
  ].filter((w) => w !== '');
}
