import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.slow.test.ts'],
          testTimeout: 120_000,
          // Generous: CI runs every package's suite at once on two cores; a hung test still fails.
          hookTimeout: 120_000,
        },
      },
      {
        test: { name: 'slow', include: ['test/**/*.slow.test.ts'], testTimeout: 600_000 },
      },
    ],
  },
});
