import { defineConfig } from 'vitest/config';

// Contract tests between packages that share shapes, not code (ARCHITECTURE.md): they import the
// built packages by their public names, as a user's application that composes them would.
export default defineConfig({
  test: { include: ['tests/**/*.test.ts'], testTimeout: 30_000 },
});
