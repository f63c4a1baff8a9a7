/** How {@link formatTable} renders. */
export interface TableOptions {
  /** Append `(N rows)`; default true. */
  footer?: boolean;
  /** Cut cells to this many characters (default 80), with `…`. */
  maxWidth?: number;
}

/** A cell value as text for the table: NULL, bigint digits, hex bytes, ISO dates, JSON for objects. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `x'${Buffer.from(value).toString('hex')}'`;
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value, jsonReplacer);
}

/** JSON replacer: bigint as a decimal string (exact), bytes as base64. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (
    value !== null &&
    typeof value === 'object' &&
    (value as { type?: unknown }).type === 'Buffer' &&
    Array.isArray((value as { data?: unknown }).data)
  ) {
    return Buffer.from((value as { data: number[] }).data).toString('base64');
  }
  return value;
}

/** Renders rows as an aligned text table with a header and a rule. */
export function formatTable(
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  options: TableOptions = {},
): string {
  const max = options.maxWidth ?? 80;
  const cut = (text: string): string => {
    const flat = text.replace(/\r?\n/g, '\\n');
    return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  };
  const header = columns.map(cut);
  const body = rows.map((row) => columns.map((_, i) => cut(cellText(row[i]))));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
  if (options.footer !== false) out.push(`(${rows.length} row${rows.length === 1 ? '' : 's'})`);
  return out.join('\n') + '\n';
}
