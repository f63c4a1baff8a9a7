/** Values better-sqlite3 can bind. */
export type SqliteParam = number | bigint | string | Buffer | null;

/**
 * Converts one `exec()` parameter for binding: whole numbers → INTEGER, `undefined` → NULL, booleans → 1/0,
 * `Date` → ISO-8601 text (`2024-01-02T03:04:05.678Z`), typed arrays → BLOB. Returns
 * `undefined` for a value that cannot be bound (plain objects, functions, symbols).
 */
export function toSqliteParam(value: unknown): SqliteParam | undefined {
  switch (typeof value) {
    case 'number':
      return toSqliteNumber(value);
    case 'bigint':
    case 'string':
      return value;
    case 'boolean':
      return value ? 1n : 0n;
    case 'undefined':
      return null;
    case 'object':
      if (value === null || Buffer.isBuffer(value)) return value;
      if (value instanceof Date) return value.toISOString();
      if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      return undefined;
    default:
      return undefined;
  }
}

/** A number for binding: a whole one as INTEGER (better-sqlite3 would bind every number as REAL). */
export function toSqliteNumber(value: number): number | bigint {
  return Number.isSafeInteger(value) ? BigInt(value) : value;
}

/** An INTEGER read with `safeIntegers`: a number when it fits exactly, else the bigint. */
export function fromSqliteValue(value: unknown): unknown {
  if (typeof value === 'bigint' && value >= MIN_SAFE && value <= MAX_SAFE) return Number(value);
  return value;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

/** Converts every row in place (rows are fresh arrays from better-sqlite3) and returns them. */
export function fromSqliteRows(rows: unknown[][]): unknown[][] {
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      if (typeof row[i] === 'bigint') row[i] = fromSqliteValue(row[i]);
    }
  }
  return rows;
}

/**
 * Whether a row read with plain numbers holds a whole number beyond ±2^53: it may be an INTEGER
 * that lost precision (or a REAL that large: reading again is then merely redundant).
 */
export function hasUnsafeInteger(rows: readonly unknown[][]): boolean {
  // Indexed loops and one comparison per number: this runs inlined on every select (bench/NOTES.md §33).
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    for (let i = 0; i < row.length; i++) {
      const value = row[i];
      if (typeof value === 'number' && Math.abs(value) > Number.MAX_SAFE_INTEGER && Number.isFinite(value)) return true;
    }
  }
  return false;
}

const DML = /^\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*(insert|replace|update|delete)\b/i;

/** `insert`, `replace`, `update` or `delete` when the statement changes rows, else undefined. */
export function dmlVerb(sql: string): string | undefined {
  return DML.exec(sql)?.[1]?.toLowerCase();
}
