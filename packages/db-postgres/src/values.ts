import pg from 'pg';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

/** An integer given as text: a number when it fits exactly, else a bigint. */
export function toInteger(text: string): number | bigint {
  const big = BigInt(text);
  return big >= MIN_SAFE && big <= MAX_SAFE ? Number(big) : big;
}

const TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?$/;

type Parser = (text: string) => unknown;
const OIDS = pg.types.builtins;
const defaults = (oid: number): Parser => pg.types.getTypeParser(oid, 'text') as Parser;

/**
 * How text values are turned into JavaScript: int8 → number or bigint (exact), int8[] the same
 * per element, `date` → `'YYYY-MM-DD'` text (no time-zone shift), `timestamp` (without time
 * zone) → Date read as UTC; everything else as pg does it (numeric stays text, timestamptz →
 * Date, bytea → Buffer, json → parsed).
 */
const PARSERS: ReadonlyMap<number, Parser> = new Map<number, Parser>([
  [OIDS.INT8, toInteger],
  [1016, (text) => (defaults(1016)(text) as (string | null)[]).map((v) => (v === null ? null : toInteger(v)))],
  [OIDS.DATE, (text) => text],
  [OIDS.TIMESTAMP, (text) => (TIMESTAMP.test(text) ? new Date(`${text.replace(' ', 'T')}Z`) : text)],
]);

/** The `types` option of the pool: our parsers first, pg's for the rest. */
export const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): Parser {
    if (format === 'binary') return pg.types.getTypeParser(oid, 'binary') as Parser;
    return PARSERS.get(oid) ?? defaults(oid);
  },
};

/**
 * Converts one `exec()` parameter for pg: `undefined` → NULL, bigint → decimal text, typed
 * arrays → bytea. Arrays become PostgreSQL arrays and plain objects JSON (pg's own rules).
 * Returns `undefined` for a value that cannot be bound (functions, symbols).
 */
export function toPgParam(value: unknown): unknown {
  switch (typeof value) {
    case 'number':
    case 'string':
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'undefined':
      return null;
    case 'object':
      if (value !== null && !Buffer.isBuffer(value) && ArrayBuffer.isView(value))
        return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      return value;
    default:
      return undefined;
  }
}
