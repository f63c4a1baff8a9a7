/** The SQL dialects the statement splitter knows; `generic` is standard SQL for plugin schemes. */
export type SqlDialect = 'sqlite' | 'postgres' | 'mysql' | 'clickhouse' | 'generic';

/** How one kind of quoted text (string or identifier) ends. */
export interface QuoteRule {
  readonly close: string;
  /** A backslash escapes the next character (MySQL strings, ClickHouse, Postgres `E'…'`). */
  readonly backslash: boolean;
}

/** What the splitter must know about a dialect's lexical rules to find the `;` that end statements. */
export interface DialectRules {
  /** Opening character -> how that quoted text ends. Doubling the closing character always escapes it. */
  readonly quotes: Readonly<Record<string, QuoteRule>>;
  /** `#` starts a comment to the end of the line (MySQL, ClickHouse). */
  readonly hashComments: boolean;
  /** `--` starts a comment only when followed by whitespace (MySQL). */
  readonly dashNeedsSpace: boolean;
  /** `/* … *\/` comments nest (Postgres). */
  readonly nestedBlockComments: boolean;
  /** `$tag$ … $tag$` quoted bodies (Postgres dollar quotes, ClickHouse heredocs). */
  readonly dollarQuotes: boolean;
  /** `E'…'` strings with backslash escapes (Postgres). */
  readonly escapeStrings: boolean;
  /** `DELIMITER x` lines change the statement terminator, as in the mysql client. */
  readonly delimiterCommand: boolean;
}

const STANDARD: DialectRules = {
  quotes: { "'": { close: "'", backslash: false }, '"': { close: '"', backslash: false } },
  hashComments: false,
  dashNeedsSpace: false,
  nestedBlockComments: false,
  dollarQuotes: false,
  escapeStrings: false,
  delimiterCommand: false,
};

const RULES: Readonly<Record<SqlDialect, DialectRules>> = {
  generic: STANDARD,
  sqlite: {
    ...STANDARD,
    quotes: { ...STANDARD.quotes, '`': { close: '`', backslash: false }, '[': { close: ']', backslash: false } },
  },
  postgres: { ...STANDARD, nestedBlockComments: true, dollarQuotes: true, escapeStrings: true },
  mysql: {
    ...STANDARD,
    quotes: {
      "'": { close: "'", backslash: true },
      '"': { close: '"', backslash: true },
      '`': { close: '`', backslash: false },
    },
    hashComments: true,
    dashNeedsSpace: true,
    delimiterCommand: true,
  },
  clickhouse: {
    ...STANDARD,
    quotes: {
      "'": { close: "'", backslash: true },
      '"': { close: '"', backslash: true },
      '`': { close: '`', backslash: true },
    },
    hashComments: true,
    dollarQuotes: true,
  },
};

const BY_SCHEME: Readonly<Record<string, SqlDialect>> = {
  sqlite: 'sqlite',
  sqlite3: 'sqlite',
  postgres: 'postgres',
  postgresql: 'postgres',
  mysql: 'mysql',
  clickhouse: 'clickhouse',
};

/** The dialect of a SQL scheme (`generic` for schemes omnidial does not know, e.g. plugins). */
export function dialectOf(scheme: string): SqlDialect {
  return BY_SCHEME[scheme.toLowerCase()] ?? 'generic';
}

/** The lexical rules of `dialect`. */
export function dialectRules(dialect: SqlDialect): DialectRules {
  return RULES[dialect];
}
