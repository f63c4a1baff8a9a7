#!/usr/bin/env node
// Project rules that the type checker does not enforce (docs/design.md#parts, #quality-bars):
// - no source file over 400 lines;
// - @omnidial/core imports no client library (only node: built-ins and its own files);
// - index files use explicit export lists (no `export *`);
// - a driver.ts never imports its client library (that belongs in the lazily loaded connector).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const MAX_LINES = 400;
const problems = [];

function* files(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(ts|mts|mjs)$/.test(name) && !name.endsWith('.d.ts')) yield path;
  }
}

const importsOf = (text) =>
  [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => m[1] ?? m[2],
  );

for (const top of ['packages', 'test-infra', 'bench', 'examples', 'scripts']) {
  let entries;
  try {
    entries = [...files(join(root, top))];
  } catch {
    continue;
  }
  for (const path of entries) {
    const rel = relative(root, path);
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n').length;
    if (lines > MAX_LINES) problems.push(`${rel}: ${lines} lines (max ${MAX_LINES}); split it by responsibility`);
    if (/^export \* from/m.test(text)) problems.push(`${rel}: use an explicit export list instead of export *`);
    if (rel.startsWith('packages/core/src/')) {
      for (const spec of importsOf(text)) {
        if (!spec.startsWith('.') && !spec.startsWith('node:') && spec !== 'vitest') {
          problems.push(`${rel}: @omnidial/core must not import "${spec}"`);
        }
      }
    }
    if (/packages\/[^/]+\/src\/driver\.ts$/.test(rel)) {
      for (const spec of importsOf(text)) {
        if (!spec.startsWith('.') && !spec.startsWith('node:') && !spec.startsWith('@omnidial/')) {
          problems.push(`${rel}: driver metadata must not import "${spec}"; load it in the connector`);
        }
      }
    }
  }
}

if (problems.length > 0) {
  console.error(`lint: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('lint: ok');
