import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/bin.ts'],
  format: ['esm'],
  target: 'es2022',
  platform: 'node',
  // Keep `node:` specifiers, so bundlers (and the size check) know them for built-ins.
  removeNodeProtocol: false,
  // tsup passes `baseUrl` to the declaration build, which TypeScript 6 deprecates (TS5101).
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
  sourcemap: true,
  clean: true,
  treeshake: true,
});
