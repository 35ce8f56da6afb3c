import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure logic, fakes allowed) and `e2e` (the built extension in Chromium,
// real processes). `npm test` runs both; see README "Tests".
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 120_000,
          // One browser at a time: a browser and its pages want a core each.
          fileParallelism: false,
          // A new order each run, so a test that leans on one before it fails here rather than after
          // someone reorders a file. Vitest prints the seed; `--sequence.seed=<seed>` repeats an order.
          sequence: { shuffle: true },
        },
      },
    ],
  },
});
