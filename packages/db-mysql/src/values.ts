import type { FieldPacket } from 'mysql2';

/** MySQL column type ids that hold integers read as strings (`bigNumberStrings`). */
const LONGLONG = 8;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

/** An integer given as text (or bigint): a number when it fits exactly, else a bigint. */
export function toInteger(value: string | number | bigint): number | bigint {
  if (typeof value === 'number') return value;
  const big = BigInt(value);
  return big >= MIN_SAFE && big <= MAX_SAFE ? Number(big) : big;
}

/** Converts BIGINT columns (strings from mysql2) in place; other values are kept. */
export function convertRows(rows: unknown[][], fields: readonly FieldPacket[]): unknown[][] {
  const bigints: number[] = [];
  fields.forEach((field, i) => {
    if ((field.columnType ?? field.type) === LONGLONG) bigints.push(i);
  });
  if (bigints.length === 0) return rows;
  for (const row of rows) {
    for (const i of bigints) {
      const value = row[i];
      if (typeof value === 'string' || typeof value === 'bigint') row[i] = toInteger(value);
    }
  }
  return rows;
}

/**
 * Converts one `exec()` parameter for mysql2: `undefined` → NULL, bigint → decimal text
 * (exact), typed arrays → Buffer. Returns `undefined` for a value that cannot be bound.
 */
export function toMysqlParam(value: unknown): unknown {
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
      if (value === null || Buffer.isBuffer(value) || value instanceof Date) return value;
      if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      return undefined;
    default:
      return undefined;
  }
}
