// Renders docs/guide/cli-figures.json (written by scripts/cli-figures.ts) into the marked block of
// docs/guide/cli-figures.md; `--check` (part of `pnpm docs:check`) fails when they disagree.
import { generateTable } from '../reliability/src/figure.js';
import { cliFigureTable } from './lib/cli-figures-file.js';

generateTable('cli-figures', 'docs/guide/cli-figures.json', cliFigureTable(), 'guide/cli-figures.md');
