import { defineConfig } from 'vitest/config';

// Workspace packages export their TypeScript sources under the "source" condition, so tests run
// against src/ without a build; the built dist/ is what the app process runs.
const conditions = ['source', 'node', 'import', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['*/src/**/*.test.ts'],
          exclude: ['ui/**'] /* ui/vite.config.ts runs those, from ui/ */,
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['*/test/**/*.test.ts'],
          exclude: ['ui/test/**'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // The suites start real processes and measure delivery; on two cores they run one file at a time.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        // The UI in Chromium against the real app (ui/test): scripts/test.sh runs it before the integration
        // suites.
        test: {
          name: 'browser',
          include: ['ui/test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
