import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import root from '../vitest.config.js';

// The cluster suite (docs/design.md#clusters, issue 19): meant as its own CI step (ADR 0220), run by `pnpm test:clusters` with the
// three 3-node clusters of test-infra. Not part of `pnpm test` (it takes minutes of node restarts).
const base = mergeConfig(root, defineConfig({}));
base.test!.include = ['reliability/clusters/**/*.test.ts'];
base.test!.root = fileURLToPath(new URL('..', import.meta.url));
base.test!.testTimeout = 900_000;
base.test!.hookTimeout = 300_000;
export default base;
