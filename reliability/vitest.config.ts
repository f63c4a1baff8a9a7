import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import root from '../vitest.config.js';

// Local runs of this suite only: `npx vitest run --config reliability/vitest.config.ts`.
const base = mergeConfig(root, defineConfig({}));
base.test!.include = ['reliability/test/**/*.test.ts'];
base.test!.root = fileURLToPath(new URL('..', import.meta.url));
base.test!.testTimeout = 120_000;
export default base;
