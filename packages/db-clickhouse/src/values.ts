const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

/** An integer given as text: a number when it fits exactly, else a bigint. */
export function toInteger(text: string): number | bigint {
  const big = BigInt(text);
  return big >= MIN_SAFE && big <= MAX_SAFE ? Number(big) : big;
}

/** The inner type of `Nullable(T)` / `LowCardinality(T)`. */
function unwrap(type: string): string {
  const m = /^(?:Nullable|LowCardinality)\((.*)\)$/.exec(type);
  return m === null ? type : unwrap(m[1]!);
}

type Convert = (value: unknown) => unknown;

const wideInteger: Convert = (value) => (typeof value === 'string' ? toInteger(value) : value);

/** How one column's JSON values are converted, or undefined when they are kept as parsed. */
function converter(type: string): Convert | undefined {
  const inner = unwrap(type);
  if (/^U?Int(64|128|256)$/.test(inner)) return wideInteger;
  const array = /^Array\((.*)\)$/.exec(inner);
  if (array !== null) {
    const element = converter(array[1]!);
    if (element !== undefined) return (value) => (Array.isArray(value) ? value.map(element) : value);
  }
  return undefined;
}

/**
 * Converts JSONCompact rows in place: (U)Int64/128/256 (quoted in JSON) → number when exact,
 * else bigint, also inside Nullable/LowCardinality/Array. Everything else is kept as
 * ClickHouse's JSON gives it.
 */
export function convertRows(rows: unknown[][], types: readonly string[]): unknown[][] {
  const converters = types.map(converter);
  if (converters.every((c) => c === undefined)) return rows;
  for (const row of rows) {
    converters.forEach((convert, i) => {
      if (convert !== undefined && row[i] !== null) row[i] = convert(row[i]);
    });
  }
  return rows;
}

const RESULT_STATEMENT =
  /^\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*\(?\s*(select|with|show|describe|desc|exists|explain)\b/i;

/** True when the statement returns rows (run as a query with `FORMAT JSONCompact`). */
export function returnsRows(sql: string): boolean {
  return RESULT_STATEMENT.test(sql);
}
