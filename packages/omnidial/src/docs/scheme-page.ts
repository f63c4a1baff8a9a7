import type { Driver, Endpoint } from '@omnidial/core/driver';
import type { Registry } from '@omnidial/core';
import { capabilityWords, optionRows, type OptionRow } from '../option-rows.js';

/** The marker line every generated page starts with. */
export const GENERATED_MARK =
  '<!-- generated from driver metadata by scripts/gen-docs.ts; do not edit: run `pnpm docs:gen` -->';

/** Escapes text for a markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * The option tables of `driver`: its own keys, then the common keys it accepts. `docsBase` is
 * where the docs folder is from the page (a relative path in the repo, an absolute URL on npm).
 */
export function optionTables(registry: Registry, driver: Driver<Endpoint>, docsBase = '..'): string {
  const rows = optionRows(registry, driver);
  const own = rows.filter((r) => !r.common);
  const common = rows.filter((r) => r.common);
  const table = (list: OptionRow[]): string =>
    [
      '| key | type | default | example | description |',
      '| --- | --- | --- | --- | --- |',
      ...list.map(
        (r) =>
          `| \`${r.key}\` | ${cell(r.type)} | ${r.default === '—' ? '—' : `\`${cell(r.default)}\``} | \`${cell(r.example)}\` | ${cell(r.description)} |`,
      ),
    ].join('\n');
  const parts: string[] = [];
  parts.push(
    `### ${driver.schemes.map((s) => `${s}://`).join(' ')} options`,
    '',
    own.length > 0 ? table(own) : '_No options of its own._',
    '',
  );
  if (common.length > 0) {
    parts.push(
      '### Common options',
      '',
      `Shared with every scheme of the same kind (see [the address grammar](${docsBase}/address-grammar.md)).`,
      '',
      table(common),
      '',
    );
  }
  return parts.join('\n');
}

/**
 * The reference page of one driver, generated from its metadata: description, package,
 * capabilities, examples, and every option key with type, default and example.
 * `handPage` is the file name of the hand-written guide page, when there is one.
 */
export function schemePage(registry: Registry, driver: Driver<Endpoint>, handPage: string | undefined): string {
  const schemes = driver.schemes.map((s) => `\`${s}://\``).join(', ');
  return [
    GENERATED_MARK,
    '',
    `# ${driver.schemes.map((s) => `${s}://`).join(', ')} — reference`,
    '',
    driver.description,
    '',
    '| | |',
    '| --- | --- |',
    `| schemes | ${schemes} |`,
    `| package | \`${driver.packageName}\` (also included in \`omnidial\`) |`,
    `| kind | \`${driver.capabilities.kind}\` |`,
    `| capabilities | ${capabilityWords(driver).slice(1).join(', ') || '—'} |`,
    ...(handPage === undefined ? [] : [`| guide | [${handPage}](../${handPage}) |`]),
    '',
    '## Examples',
    '',
    '```text',
    ...driver.examples,
    '```',
    '',
    `Try one from the shell: \`omnidial '${driver.examples[0] ?? `${driver.schemes[0]}://...`}'\`, or list these options with \`omnidial help ${driver.schemes[0]}\`.`,
    '',
    '## Options',
    '',
    'Written after `|` in the address and joined with `&` (`' +
      `${driver.schemes[0]}://…|key=value&key2=value` +
      '`)' +
      (driver.queryOptions === true
        ? ', or in the URL query (`' +
          `${driver.schemes[0]}://…?key=value&key2=value` +
          '`; both are read the same way)'
        : '') +
      ', or passed as the options object of `dial()`. Values are literal: no `%XX` decoding, and a value starting with `{` or `[` is one JSON value.',
    '',
    optionTables(registry, driver),
  ].join('\n');
}

/** The index page `docs/schemes/README.md`: every scheme, its package and its pages. */
export function schemesIndex(
  drivers: readonly Driver<Endpoint>[],
  pageOf: (d: Driver<Endpoint>) => string,
  handPageOf: (scheme: string) => string | undefined,
): string {
  const rows = drivers.flatMap((driver) =>
    driver.schemes.map((scheme) => {
      const hand = handPageOf(scheme);
      return `| \`${scheme}://\` | \`${driver.packageName}\` | ${driver.capabilities.kind} | [reference](generated/${pageOf(driver)})${hand === undefined ? '' : ` · [guide](${hand})`} | ${cell(driver.description)} |`;
    }),
  );
  return [
    GENERATED_MARK,
    '',
    '# Schemes',
    '',
    'Every scheme omnidial can dial, from the metadata of the registered drivers. The **reference**',
    'pages are generated (options, defaults, examples); the **guide** pages are written by hand.',
    'From the shell, `omnidial list` shows the same list and `omnidial help <scheme>` the options.',
    '',
    '| scheme | package | kind | pages | description |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    'A third-party transport shows up in `omnidial list` and `omnidial help` once imported',
    '(`--plugin`); see [writing a transport](../writing-a-transport.md).',
    '',
  ].join('\n');
}
