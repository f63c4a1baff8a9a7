import type { BenchSection } from './types.js';

/** A markdown table from rows (first row = header). */
export function markdownTable(rows: readonly (readonly string[])[]): string {
  const [header, ...body] = rows;
  if (header === undefined) return '';
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...body.map(line)].join('\n');
}

/** The markdown of one section, between markers that let a filtered run replace just it. */
export function renderSection(id: string, section: BenchSection, measured: string): string {
  return [
    `<!-- bench:${id} -->`,
    `## ${section.title}`,
    '',
    `_${measured}_`,
    '',
    markdownTable(section.rows),
    '',
    ...section.notes.map((note) => `- ${note}`),
    `<!-- /bench:${id} -->`,
  ].join('\n');
}

/** The `id -> block` map of the sections in an existing RESULTS.md. */
export function parseSections(markdown: string): Map<string, string> {
  const found = new Map<string, string>();
  const pattern = /<!-- bench:([\w.-]+) -->[\s\S]*?<!-- \/bench:\1 -->/g;
  for (const match of markdown.matchAll(pattern)) found.set(match[1]!, match[0]);
  return found;
}

/** `n` with thousands separators and `digits` decimals. */
export function num(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** The `p`-th percentile (0..100) of ascending-sorted `sorted`. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}
