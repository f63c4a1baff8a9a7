import { readFileSync, writeFileSync } from 'node:fs';
import { measuredCommit } from './commit.js';

const DOCS = new URL('../../docs/', import.meta.url);

/**
 * Puts `table` into docs/<page> (default reliability.md) between the `<!-- name:start -->` and
 * `<!-- name:end -->` markers (appended at the end when the markers are missing). With `check`,
 * writes nothing and returns false when the page's block differs from `table` (`pnpm docs:check`).
 */
export function writeTable(name: string, table: string, check = false, file = 'reliability.md'): boolean {
  const page = new URL(file, DOCS);
  const text = readFileSync(page, 'utf8');
  const marked = new RegExp(`<!-- ${name}:start -->[\\s\\S]*<!-- ${name}:end -->`);
  const block = `<!-- ${name}:start -->\n${table.trimEnd()}\n<!-- ${name}:end -->`;
  const next = marked.test(text) ? text.replace(marked, () => block) : `${text.trimEnd()}\n\n${block}\n`;
  if (check) return next === text;
  if (next !== text) writeFileSync(page, next);
  return true;
}

/**
 * Writes a figure's measurements to docs/reliability/<name>.json and its table into
 * docs/reliability.md (see {@link writeTable}), so the page always shows what the JSON holds.
 * Both carry the commit measured (see {@link measuredCommit}).
 */
export function writeFigure(name: string, result: object, table: string): void {
  const commit = measuredCommit();
  writeFileSync(new URL(`reliability/${name}.json`, DOCS), `${JSON.stringify({ ...result, commit }, null, 1)}\n`);
  writeTable(name, `${table.trimEnd()}\n\nMeasured on commit \`${commit}\`.`);
}

/**
 * The command-line end of a table generator: `--check` fails (exit 1) when docs/<file> disagrees
 * with `table`, otherwise the table is written.
 */
export function generateTable(name: string, source: string, table: string, file = 'reliability.md'): void {
  if (!process.argv.includes('--check')) {
    writeTable(name, table, false, file);
    return;
  }
  if (!writeTable(name, table, true, file)) {
    console.error(`docs/${file}: the ${name} tables disagree with ${source}; run \`pnpm docs:gen\``);
    process.exit(1);
  }
  console.log(`${name} tables up to date`);
}
