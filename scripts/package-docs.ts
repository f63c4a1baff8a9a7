// Keeps every published package ready for npm (ADRs 0170, 0171):
//   packages/<dir>/README.md   generated from driver metadata for driver packages
//   packages/<dir>/LICENSE     a copy of the root LICENSE (npm shows the package's own)
//   package.json fields and README links checked (links must be absolute and point at real files)
// `pnpm docs:gen` writes the files; `pnpm docs:check` (part of `pnpm lint`) fails when one is stale.
// Run with: node --conditions=source --import tsx scripts/package-docs.ts [--check]
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Registry, officialDrivers, registerAll } from '../packages/omnidial/src/index.js';
import { packageReadme, REPO_URL } from './package-readme.js';
import { manifestProblems, type Manifest } from './package-rules.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const check = process.argv.includes('--check');
const registry = registerAll(new Registry());
const license = readFileSync(join(root, 'LICENSE'), 'utf8');
const problems: string[] = [];
const stale: string[] = [];

/** Links in a README that break on npm: relative ones, and repository links to missing files. */
function linkProblems(rel: string, text: string): string[] {
  const found: string[] = [];
  for (const [, target = ''] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (target.startsWith('#')) continue;
    if (!/^https?:\/\//.test(target)) {
      found.push(`${rel}: relative link "${target}" breaks on npm; use ${REPO_URL}/blob/main/...`);
      continue;
    }
    const inRepo = /^https:\/\/github\.com\/omnidial\/omnidial\/(?:blob|tree)\/main\/([^#?]+)/.exec(target)?.[1];
    if (inRepo !== undefined && !existsSync(join(root, inRepo))) found.push(`${rel}: link to missing file "${inRepo}"`);
  }
  return found;
}

const want = (path: string, content: string): void => {
  if ((existsSync(path) ? readFileSync(path, 'utf8') : undefined) === content) return;
  stale.push(path.slice(root.length));
  if (!check) writeFileSync(path, content);
};

let packages = 0;
for (const dir of readdirSync(join(root, 'packages')).sort()) {
  const manifestPath = join(root, 'packages', dir, 'package.json');
  if (!existsSync(manifestPath)) continue;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest & { description: string };
  if (manifest.private === true) continue;
  packages += 1;
  problems.push(...manifestProblems(dir, manifest));
  want(join(root, 'packages', dir, 'LICENSE'), license);
  const readmePath = join(root, 'packages', dir, 'README.md');
  const drivers = officialDrivers.filter((d) => d.packageName === manifest.name);
  const generated =
    drivers.length === 0
      ? undefined
      : packageReadme(registry, {
          name: manifest.name,
          description: manifest.description,
          node: manifest.engines?.node ?? '',
          drivers,
        });
  if (generated !== undefined) want(readmePath, generated);
  // Hand-written READMEs (core, the umbrella) follow the same link rule as generated ones.
  const text = generated ?? (existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : '');
  if (text === '') problems.push(`packages/${dir}/README.md: missing`);
  problems.push(...linkProblems(`packages/${dir}/README.md`, text));
}

if (check && stale.length > 0)
  problems.push(`${stale.length} generated file(s) out of date; run \`pnpm docs:gen\`: ${stale.join(', ')}`);
if (problems.length > 0) {
  console.error(`package-docs: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  check
    ? `package-docs: ${packages} packages complete`
    : `package-docs: ${stale.length} file(s) written for ${packages} packages`,
);
