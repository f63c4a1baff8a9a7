import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const examples = fileURLToPath(new URL('..', import.meta.url));
const GROUPS = ['ws', 'sql', 'brokers', 'market-bot', 'prometheus'];

/** Entry points: `.ts` files of a group folder that no other file of the folder imports. */
function entryPoints(group: string): string[] {
  const dir = join(examples, group);
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir).filter((name) => name.endsWith('.ts'));
  const sources = files.map((name) => readFileSync(join(dir, name), 'utf8')).join('\n');
  return files
    .filter((name) => !sources.includes(`./${name.replace(/\.ts$/, '.js')}`))
    .map((name) => `${group}/${name}`);
}

describe('examples/README.md', () => {
  it('lists every example entry point', () => {
    const index = readFileSync(join(examples, 'README.md'), 'utf8');
    const missing = GROUPS.flatMap(entryPoints).filter((path) => !index.includes(path));
    expect(missing).toEqual([]);
  });
});
