import { readFileSync, writeFileSync } from 'node:fs';

const DOCS = new URL('../../docs/', import.meta.url);

/**
 * Writes a figure's measurements to docs/reliability/<name>.json and its table into
 * docs/reliability.md between the `<!-- name:start -->` and `<!-- name:end -->` markers (appended
 * at the end when the markers are missing), so the page always shows what the JSON holds.
 */
export function writeFigure(name: string, result: object, table: string): void {
  writeFileSync(new URL(`reliability/${name}.json`, DOCS), `${JSON.stringify(result, null, 1)}\n`);
  const page = new URL('reliability.md', DOCS);
  const text = readFileSync(page, 'utf8');
  const marked = new RegExp(`<!-- ${name}:start -->[\\s\\S]*<!-- ${name}:end -->`);
  const block = `<!-- ${name}:start -->\n${table}\n<!-- ${name}:end -->`;
  writeFileSync(page, marked.test(text) ? text.replace(marked, () => block) : `${text.trimEnd()}\n\n${block}\n`);
}
