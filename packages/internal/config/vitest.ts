/**
 * @module
 * The test projects every privkit package shares: `unit` (every `*.test.ts` but the slow ones,
 * run by `npm test`) and `slow` (`*.slow.test.ts`: million-input differential runs, process-kill
 * sweeps; run by `npm run test:slow` and in CI).
 */
import { defineConfig } from 'vitest/config';

/** The vitest configuration of one package. */
export function packageTests() {
  return defineConfig({
    test: {
      projects: [
        {
          test: {
            name: 'unit',
            include: ['test/**/*.test.ts'],
            exclude: ['test/**/*.slow.test.ts'],
            // Generous: CI runs every package's suite at once on two cores; a hung test still fails.
            testTimeout: 120_000,
            hookTimeout: 120_000,
          },
        },
        { test: { name: 'slow', include: ['test/**/*.slow.test.ts'], testTimeout: 600_000, hookTimeout: 600_000 } },
      ],
    },
  });
}
