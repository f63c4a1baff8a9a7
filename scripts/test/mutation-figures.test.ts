import { describe, expect, it } from 'vitest';
import { foldFigures, lineRange, mutationTables, type FileFigures } from '../lib/mutation-figures.js';

const figures = (killed: number, survivors: string[] = []): FileFigures => ({
  counts: { Killed: killed, ...(survivors.length > 0 ? { Survived: survivors.length } : {}) },
  survivors,
});
const A = 'packages/core/src/a.ts';
const B = 'packages/core/src/b.ts';

describe('lineRange', () => {
  it('reads a one-file line range and nothing else', () => {
    expect(lineRange(`${A}:1-60`)).toEqual({ path: A, start: 1, end: 60 });
    expect(lineRange(A)).toBeUndefined();
    expect(lineRange('packages/core/src/**/*.ts:1-60')).toBeUndefined();
    expect(lineRange(`${A}:5:4-6:4`)).toBeUndefined();
  });
});

describe('foldFigures', () => {
  it('keeps each line range of a file as a chunk of its own', () => {
    const first = foldFigures({ [B]: figures(1) }, { [A]: figures(3) }, `${A}:1-60`);
    const both = foldFigures(first, { [A]: figures(5) }, `${A}:61-120`);
    expect(both).toEqual({ [B]: figures(1), [`${A}:1-60`]: figures(3), [`${A}:61-120`]: figures(5) });
  });

  it('replaces the chunks a new range overlaps, and a whole-file figure of that file', () => {
    const kept = { [A]: figures(9), [`${A}:1-60`]: figures(3), [`${A}:61-120`]: figures(5) };
    expect(foldFigures(kept, { [A]: figures(4) }, `${A}:50-70`)).toEqual({ [`${A}:50-70`]: figures(4) });
    expect(foldFigures(kept, { [A]: figures(4) }, `${A}:120-150`)).toEqual({
      [`${A}:1-60`]: figures(3),
      [`${A}:120-150`]: figures(4),
    });
    expect(foldFigures(kept, { [A]: figures(4) }, `${A}:61-61`)).toEqual({
      [`${A}:1-60`]: figures(3),
      [`${A}:61-61`]: figures(4),
    });
    expect(foldFigures(kept, { [A]: figures(4) }, `${A}:40-60`)).toEqual({
      [`${A}:40-60`]: figures(4),
      [`${A}:61-120`]: figures(5),
    });
    expect(foldFigures(kept, { [A]: figures(4) }, `${A}:121-150`)).toEqual({
      [`${A}:1-60`]: figures(3),
      [`${A}:61-120`]: figures(5),
      [`${A}:121-150`]: figures(4),
    });
  });

  it('lets a whole-file run replace the file and all its chunks', () => {
    const kept = { [B]: figures(1), [`${A}:1-60`]: figures(3), [`${A}:61-120`]: figures(5) };
    expect(foldFigures(kept, { [A]: figures(7) }, 'packages/core/src/*.ts')).toEqual({
      [B]: figures(1),
      [A]: figures(7),
    });
    expect(foldFigures(kept, { [A]: figures(7) }, undefined)).toEqual({ [B]: figures(1), [A]: figures(7) });
  });
});

describe('mutationTables', () => {
  const target = {
    target: 'core',
    runs: [],
    files: { [`${A}:1-60`]: figures(3, ['12:4 Survived X → `y`']), [`${A}:61-120`]: figures(5) },
    sources: { [A]: 10, [B]: 6, 'packages/core/src/types.ts': 0 },
  };

  it('counts the chunks of a file as one file and names survivors by their file', () => {
    const text = mutationTables([target]);
    expect(text).toContain('| core | **88.9 %** | 8 | 0 | 1 | 0 | 0 | 1 |');
    expect(text).toContain(`- ${A}:12:4 Survived X → \`y\``);
  });

  it('says which share of the package was measured and which files were not', () => {
    expect(mutationTables([target])).toContain(
      `**core, share measured**: 9 of 16 mutants (56.3 %), 1 of 2 files that have mutants. Not measured: \`${B}\` (6).`,
    );
  });
});
