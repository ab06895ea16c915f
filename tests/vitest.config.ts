import { defineConfig } from 'vitest/config';

// Contract and conventions tests across packages (CONTRIBUTING.md, "Public surfaces" and "Errors"):
// they import the built packages by their public names, as a user's application would.
export default defineConfig({
  test: { include: ['tests/**/*.test.ts'], testTimeout: 30_000 },
});
