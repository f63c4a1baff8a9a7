// vitest config of `pnpm mutation` (ADR 0103): the repository's config, limited to the tests of
// the package under mutation (MUTATION_DIR, e.g. packages/core), or only MUTATION_TESTS (`--tests`).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import base from '../vitest.config.js';

export default defineConfig({
  ...base,
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    ...base.test,
    include: [process.env.MUTATION_TESTS ?? `${process.env.MUTATION_DIR ?? 'packages/core'}/test/**/*.test.ts`],
  },
});
