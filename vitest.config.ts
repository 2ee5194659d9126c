import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Playwright specs live in test/e2e and run under `playwright test`, never here.
    include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx', 'test/integration/**/*.test.ts', 'test/reliability/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**', 'out/**'],
    environment: 'node',
    // Collects the reliability suite's counters and prints its report at the end of the run.
    // Bundles the CLI once for the subprocess tests (test/support/cli-bundle-setup.ts).
    globalSetup: ['test/reliability/support/global-setup.ts', 'test/support/cli-bundle-setup.ts'],
    // Removes the temporary directories each test file made (test/support/tmp.ts).
    setupFiles: ['test/support/remove-temp-dirs.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores here: more workers only thrash.
    maxWorkers: 2,
  },
});
