/** The value types an address option can have. */
export type OptionType = 'boolean' | 'integer' | 'string' | 'enum';

/**
 * Describes one option key that may follow `|` in an address (or appear in the options object).
 * The schema is data, so the CLI and the docs are generated from it.
 */
export interface OptionSpec {
  readonly type: OptionType;
  /** One line for `omnidial help <scheme>` and the docs. */
  readonly description: string;
  /** Value used when the key is absent. Omitted = the option is unset. */
  readonly default?: boolean | number | string;
  /** Allowed values for `enum`. */
  readonly values?: readonly string[];
  /** Extra spellings accepted for enum values, mapped to the canonical value. */
  readonly aliases?: Readonly<Record<string, string>>;
  /** Inclusive bounds for `integer`. */
  readonly min?: number;
  readonly max?: number;
  /** May be given more than once; the parsed value is then a `string[]` in order. */
  readonly repeatable?: boolean;
  /** Holds a credential: never printed, redacted in every rendering. */
  readonly secret?: boolean;
  /** An example value for the docs. */
  readonly example?: string;
}

/** A driver's option keys and how to read them. */
export type OptionSchema = Readonly<Record<string, OptionSpec>>;

/** A parsed option value. Repeatable options give `string[]`. */
export type OptionValue = boolean | number | string | readonly string[];

/** Parsed and validated options, defaults filled in. */
export type ResolvedOptions = Readonly<Record<string, OptionValue | undefined>>;
