import { isDialError, type QueryResult } from '@omnidial/core';
import { cellText, formatTable, jsonReplacer } from './table.js';

/** How SQL results are printed: `--table`, `--json` (JSON lines) or `--csv`. */
export type SqlFormat = 'table' | 'json' | 'csv';

/** One result in `format`: rows, or for statements without rows what they changed. */
export function renderResult(result: QueryResult, format: SqlFormat): string {
  if (format === 'csv') return renderCsv(result);
  if (format === 'json') return renderJson(result);
  return renderTable(result);
}

function renderTable(result: QueryResult): string {
  if (result.columns.length > 0) return formatTable(result.columns, result.values);
  const parts = [`OK`];
  if (result.affectedRows !== undefined)
    parts.push(`${result.affectedRows} row${result.affectedRows === 1 ? '' : 's'} affected`);
  if (result.lastInsertId !== undefined) parts.push(`last insert id ${String(result.lastInsertId)}`);
  return `${parts.join(', ')}\n`;
}

function renderJson(result: QueryResult): string {
  if (result.columns.length === 0) {
    return `${JSON.stringify({ affectedRows: result.affectedRows ?? 0, lastInsertId: result.lastInsertId }, jsonReplacer)}\n`;
  }
  return result.values
    .map((row) => {
      const object: Record<string, unknown> = {};
      result.columns.forEach((column, i) => {
        object[column] = row[i];
      });
      return `${JSON.stringify(object, jsonReplacer)}\n`;
    })
    .join('');
}

/**
 * CSV as RFC 4180 (with `\n` line ends, like `psql --csv`): a header line, then one line per row; a field is quoted when it holds `,`, `"`, CR
 * or LF. NULL is an empty field, bytes are base64, big integers exact. A statement without
 * rows prints nothing, so the output stays one table per query.
 */
function renderCsv(result: QueryResult): string {
  if (result.columns.length === 0) return '';
  const lines = [
    result.columns.map(csvField),
    ...result.values.map((row) => result.columns.map((_, i) => csvField(csvCell(row[i])))),
  ];
  return lines.map((cells) => `${cells.join(',')}\n`).join('');
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return cellText(value);
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** `Query [server code]: message` for a failed statement. */
export function describeSqlError(error: unknown): string {
  if (isDialError(error)) {
    return `${error.code}${error.serverCode === undefined ? '' : ` [${error.serverCode}]`}: ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
