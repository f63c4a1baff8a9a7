import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources through the "source" export condition,
// so tests never need a build and never load two copies of @omnidial/core.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: [
      'packages/*/test/**/*.test.ts',
      'test-infra/test/**/*.test.ts',
      'examples/test/**/*.test.ts',
      'reliability/test/**/*.test.ts',
      'bench/test/**/*.test.ts',
      'scripts/test/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Files run one at a time: fault tests stop and restart shared servers, which would break
    // a file running beside them; and a 2-core machine gains little from parallel files.
    fileParallelism: false,
    reporters: ['default'],
  },
});
