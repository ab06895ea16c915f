import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/docx.ts'],
  format: ['esm'],
  target: 'es2022',
  platform: 'neutral',
  // tsup passes `baseUrl` to the declaration build, which TypeScript 6 deprecates (TS5101).
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
  sourcemap: true,
  clean: true,
  treeshake: true,
});
