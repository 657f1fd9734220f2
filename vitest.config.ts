import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['main/**/*.test.ts', 'data/**/*.test.ts', 'workers/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one on the 2-core CI machine, where most of the suite
    // waits on Chromium, servers and DuckDB rather than computing. Two files at a time keeps .ci/run under 20 minutes.
    maxWorkers: 2,
  },
});
