// Renders the README of one driver package from its drivers' metadata (ADR 0171). Every link is
// absolute: npm shows the README outside the repository, where relative links break.
import type { Driver, Endpoint } from '../packages/omnidial/src/index.js';
import type { Registry } from '../packages/omnidial/src/index.js';
import { cell, optionTables } from '../packages/omnidial/src/docs/scheme-page.js';

/** Where the repository's files are on the web (package.json `repository`, ADR 0170). */
export const REPO_URL = 'https://github.com/omnidial/omnidial';
/** The docs folder as npm readers reach it. */
export const DOCS_URL = `${REPO_URL}/blob/main/docs`;
/** First line of every generated README. */
export const README_MARK =
  '<!-- generated from driver metadata by scripts/package-docs.ts; do not edit: run `pnpm docs:gen` -->';

/** The package a README describes: its manifest fields and the drivers it registers. */
export interface PackageFacts {
  readonly name: string;
  readonly description: string;
  readonly node: string;
  readonly drivers: readonly Driver<Endpoint>[];
}

const usage = (driver: Driver<Endpoint>): string[] => {
  const example = driver.examples[0] ?? `${driver.schemes[0]}://...`;
  const quoted = JSON.stringify(example).replace(/^"|"$/g, "'").replace(/\\"/g, '"');
  if (driver.capabilities.kind === 'sql') {
    return [`await using db = await dial(${quoted});`, `const rows = await db.exec('SELECT 1 AS one');`];
  }
  return [
    `await using conn = await dial(${quoted});`,
    'const message = await conn.read(5000); // null after 5 s without one',
  ];
};

/** The README of a package whose drivers are `facts.drivers`. */
export function packageReadme(registry: Registry, facts: PackageFacts): string {
  const first = facts.drivers[0];
  if (first === undefined) throw new Error(`${facts.name}: no driver to describe`);
  const schemes = facts.drivers.flatMap((d) => d.schemes.map((s) => `\`${s}://\``)).join(', ');
  const schemeRows = facts.drivers.flatMap((driver) =>
    driver.schemes.map(
      (scheme) =>
        `| \`${scheme}://\` | ${driver.capabilities.kind} | [reference](${DOCS_URL}/schemes/generated/${driver.schemes[0]}.md) | ${cell(driver.description)} |`,
    ),
  );
  return [
    README_MARK,
    '',
    `# ${facts.name}`,
    '',
    `${facts.description} Importing the package registers ${schemes} with [omnidial](${REPO_URL}#readme)'s`,
    '`dial()`; the client library loads on the first dial.',
    '',
    '```sh',
    `npm install @omnidial/core ${facts.name}`,
    '```',
    '',
    '```ts',
    "import { dial } from '@omnidial/core';",
    `import '${facts.name}';`,
    '',
    ...usage(first),
    '```',
    '',
    `Node.js ${facts.node}. The \`omnidial\` package bundles every official transport and the \`omnidial\` CLI.`,
    '',
    '## Schemes',
    '',
    '| scheme | kind | reference | description |',
    '| --- | --- | --- | --- |',
    ...schemeRows,
    '',
    ...facts.drivers.flatMap((driver) => [
      `## ${driver.schemes.map((s) => `${s}://`).join(' ')}`,
      '',
      '```text',
      ...driver.examples,
      '```',
      '',
      optionTables(registry, driver, DOCS_URL),
    ]),
    '## More',
    '',
    `- [Address grammar](${DOCS_URL}/address-grammar.md) and [read semantics](${DOCS_URL}/read-semantics.md)`,
    `- [Every scheme](${DOCS_URL}/schemes/README.md) · [getting started](${DOCS_URL}/guide/getting-started.md) · [bundling](${DOCS_URL}/guide/bundling.md)`,
    `- [Issues](${REPO_URL}/issues) · MIT licence`,
    '',
  ].join('\n');
}
