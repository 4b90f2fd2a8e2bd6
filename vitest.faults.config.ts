import { defineConfig } from 'vitest/config';

// The fault suite (`npm run test:faults`): real worker processes on a private PostgreSQL and Redis that
// the global setup starts (and the scenarios restart and flush); one scenario at a time.
export default defineConfig({
  test: {
    include: ['faults/**/*.test.ts'],
    globalSetup: ['faults/support/global-setup.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    sequence: { concurrent: false },
    retry: 0,
  },
});
