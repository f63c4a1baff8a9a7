import { stats } from './stats.js';
import type { CompareRow, InfoRow } from './types.js';

/** The standard throughput / latency target of issue 15: 0.95× raw. */
export const TARGET = 0.95;

/**
 * The note of a per-message throughput row: issue 15 sets the throughput target on the batch API
 * ("with the batch API, and the per-message API reported next to it").
 */
export const PER_MESSAGE = 'reported next to the batch row, which carries the target';

/** Options of {@link compare} beyond the two series. */
export interface CompareOptions {
  target?: number;
  targetLabel?: string;
  note?: string;
}

/** A comparison row from raw and omnidial series (one number per run). */
export function compare(
  measure: string,
  unit: string,
  better: 'higher' | 'lower',
  raw: readonly number[],
  omni: readonly number[],
  options: CompareOptions = {},
): CompareRow {
  return { kind: 'compare', measure, unit, better, raw: stats(raw), omni: stats(omni), ...options };
}

/** A row of plain figures. */
export function info(measure: string, raw: string, omni: string, note?: string): InfoRow {
  return note === undefined ? { kind: 'info', measure, raw, omni } : { kind: 'info', measure, raw, omni, note };
}

/** omnidial relative to the baseline, higher is better, from the medians. */
export function ratioOf(row: CompareRow): number {
  return row.better === 'higher' ? row.omni.median / row.raw.median : row.raw.median / row.omni.median;
}

/** `n` with thousands separators and `digits` decimals. */
export function num(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return '—';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** `n` with as many decimals as its size calls for (3 significant digits below 100). */
export function auto(n: number): string {
  const size = Math.abs(n);
  return num(n, size >= 100 || size === 0 ? 0 : size >= 10 ? 1 : size >= 1 ? 2 : 3);
}

/** A markdown table from rows (first row = header). */
export function markdownTable(rows: readonly (readonly string[])[]): string {
  const [header, ...body] = rows;
  if (header === undefined) return '';
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...body.map(line)].join('\n');
}
